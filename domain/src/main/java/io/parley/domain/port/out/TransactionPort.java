package io.parley.domain.port.out;

import java.util.function.Supplier;

/** Runs work in one database transaction: all of it commits, or none of it does. */
public interface TransactionPort {

    <T> T inTransaction(Supplier<T> work);
}
