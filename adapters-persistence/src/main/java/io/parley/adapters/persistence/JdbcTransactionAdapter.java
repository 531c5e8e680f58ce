package io.parley.adapters.persistence;

import io.micronaut.transaction.TransactionOperations;
import io.parley.domain.port.out.TransactionConflictException;
import io.parley.domain.port.out.TransactionPort;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The domain's unit of work on the JDBC transaction manager; repositories join the transaction it opens. A
 * transaction the database aborted for a conflict with another (deadlock, serialization failure, lock timeout)
 * is reported as a {@link TransactionConflictException}, which the domain may run again.
 */
@Singleton
class JdbcTransactionAdapter implements TransactionPort {

    /** PostgreSQL: deadlock detected, serialization failure; H2: deadlock (also 40001), lock timeout. */
    private static final Set<String> CONFLICTS = Set.of("40P01", "40001", "HYT00");

    private final TransactionOperations<Connection> transactions;

    JdbcTransactionAdapter(TransactionOperations<Connection> transactions) {
        this.transactions = transactions;
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        try {
            return transactions.executeWrite(status -> work.get());
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof SQLException sql && sql.getSQLState() != null
                        && CONFLICTS.contains(sql.getSQLState())) {
                    throw new TransactionConflictException("the database aborted the transaction ("
                            + sql.getSQLState() + "): " + sql.getMessage(), e);
                }
            }
            throw e;
        }
    }
}
