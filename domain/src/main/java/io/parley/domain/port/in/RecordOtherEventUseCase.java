package io.parley.domain.port.in;

import java.time.Instant;

/** Events Parley does not act on are still recorded once, so an operator can see that they came. */
public interface RecordOtherEventUseCase {

    /** Returns false when the event was recorded before. */
    boolean record(String eventId, String eventType, Instant receivedAt);
}
