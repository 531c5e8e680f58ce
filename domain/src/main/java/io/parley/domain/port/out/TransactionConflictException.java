package io.parley.domain.port.out;

/**
 * The database aborted a transaction because it conflicted with another one (a deadlock, a serialization
 * failure). Nothing of it was kept; the same work may be run again.
 */
public class TransactionConflictException extends RuntimeException {

    public TransactionConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
