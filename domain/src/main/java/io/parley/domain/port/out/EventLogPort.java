package io.parley.domain.port.out;

import java.time.Instant;

/** Which Event Grid events were already taken in: the idempotency record, kept by a unique constraint. */
public interface EventLogPort {

    /**
     * Records {@code eventId} in the current transaction. Returns false, changing nothing, when it was recorded
     * before (also when a concurrent transaction recorded it and committed first).
     */
    boolean recordIfNew(String eventId, String eventType, Instant receivedAt);
}
