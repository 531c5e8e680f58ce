package io.parley.domain.port.in;

import io.parley.domain.model.DeadLetter;

/** Keeps a refused delivery (or one refused event of it) where an operator can find it. */
public interface KeepDeadLetterUseCase {

    /** Returns the dead letter's id. */
    long keep(DeadLetter deadLetter);
}
