package io.parley.domain.port.out;

import java.util.function.Supplier;

/** Runs work in one database transaction: all of it commits, or none of it does. */
public interface TransactionPort {

    /**
     * @throws TransactionConflictException when the database aborted the transaction for a conflict with another;
     *                                      none of the work was kept
     */
    <T> T inTransaction(Supplier<T> work);

    /**
     * Runs the work in a transaction, and again in a new one when the database aborted it for a conflict with another
     * (a deadlock, a serialization failure), up to {@code attempts} times in all. The work must have no effects
     * outside the transaction that a second run would repeat.
     *
     * @throws TransactionConflictException when the last attempt conflicted too
     */
    default <T> T inTransactionRetryingConflicts(int attempts, Supplier<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return inTransaction(work);
            } catch (TransactionConflictException conflict) {
                if (attempt >= attempts) {
                    throw conflict;
                }
            }
        }
    }
}
