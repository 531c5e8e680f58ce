package io.parley.domain.port.out;

import java.time.Instant;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;

/** Which Event Grid events were already taken in: the idempotency record, kept by a unique constraint. */
public interface EventLogPort {

    /** One event as recorded: its id, what kind of event it is (ids are unique per kind), and when it came. */
    record LoggedEvent(String eventId, String kind, Instant receivedAt) {

        public LoggedEvent {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(receivedAt, "receivedAt");
        }
    }

    /**
     * Records the events in the current transaction, all in one go. Bit {@code i} of the answer is set when
     * {@code events.get(i)} is new: not recorded before (nor by a concurrent transaction that committed first), and
     * not an earlier entry of the same list.
     */
    BitSet recordNew(List<LoggedEvent> events);

    /** {@link #recordNew} for one event: false, changing nothing, when it was recorded before. */
    default boolean recordIfNew(String eventId, String kind, Instant receivedAt) {
        return recordNew(List.of(new LoggedEvent(eventId, kind, receivedAt))).get(0);
    }
}
