package io.parley.domain.port.out;

import io.parley.domain.model.DeadLetter;
import java.util.List;
import java.util.Optional;

/** Where refused deliveries are kept. Reads never load more than one body, and that one in pieces. */
public interface DeadLetterPort {

    /** Stores the dead letter (in its own transaction) and returns its id. */
    long keep(DeadLetter deadLetter);

    /** Newest first, without bodies. */
    List<DeadLetter.Summary> list(int offset, int limit);

    Optional<DeadLetter.Summary> find(long id);

    /** Up to {@code length} bytes of the kept body from byte {@code from} on; empty past its end. */
    byte[] body(long id, long from, int length);

    /** The bytes of all kept bodies together. */
    long keptBytes();

    /** Drops the oldest dead letters until the kept bodies take at most {@code maxBytes}; answers how many went. */
    int dropOldestBeyond(long maxBytes);
}
