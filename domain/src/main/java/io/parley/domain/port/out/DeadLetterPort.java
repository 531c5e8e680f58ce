package io.parley.domain.port.out;

import io.parley.domain.model.DeadLetter;
import java.util.List;
import java.util.Optional;

/** Where refused deliveries are kept. */
public interface DeadLetterPort {

    /** Stores the dead letter (in its own transaction) and returns its id. */
    long keep(DeadLetter deadLetter);

    /** Newest first. */
    List<DeadLetter> list(int offset, int limit);

    Optional<DeadLetter> find(long id);
}
