package io.parley.domain.port.in;

/** The retention job: removes messages, dead letters, event ids, audit entries and insight's counts past their ages. */
public interface PurgeOldDataUseCase {

    Purged purge();

    record Purged(int messages, int deadLetters, int events, int audit, int insightCounts) {
    }
}
