package io.parley.domain.port.in;

/** The retention job: removes messages, dead letters and event ids past their configured ages. */
public interface PurgeOldDataUseCase {

    Purged purge();

    record Purged(int messages, int deadLetters, int events, int audit) {
    }
}
