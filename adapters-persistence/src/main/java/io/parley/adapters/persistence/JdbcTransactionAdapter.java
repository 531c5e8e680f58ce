package io.parley.adapters.persistence;

import io.micronaut.transaction.TransactionOperations;
import io.parley.domain.port.out.TransactionPort;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.function.Supplier;

/** The domain's unit of work on the JDBC transaction manager; repositories join the transaction it opens. */
@Singleton
class JdbcTransactionAdapter implements TransactionPort {

    private final TransactionOperations<Connection> transactions;

    JdbcTransactionAdapter(TransactionOperations<Connection> transactions) {
        this.transactions = transactions;
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        return transactions.executeWrite(status -> work.get());
    }
}
