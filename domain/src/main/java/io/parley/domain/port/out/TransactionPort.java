package io.parley.domain.port.out;

import java.util.function.Supplier;

/** Runs work in one database transaction: all of it commits, or none of it does. */
public interface TransactionPort {

    /**
     * @throws TransactionConflictException when the database aborted the transaction for a conflict with another;
     *                                      none of the work was kept
     */
    <T> T inTransaction(Supplier<T> work);
}
