package io.parley.domain.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A delivery status the channel reported for the message ACS knows as {@code acsMessageId}. Kept as it came when
 * that message is not (yet) known, and applied once its receipt lands.
 */
public record StatusReport(String eventId, String acsMessageId, DeliveryStatus status, String errorCode,
                           String errorMessage, Instant reportedAt) {

    public StatusReport {
        Objects.requireNonNull(eventId, "eventId");
        Conversation.requireText(acsMessageId, "acsMessageId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reportedAt, "reportedAt");
        if (status == DeliveryStatus.QUEUED) {
            throw new IllegalArgumentException("the channel cannot report QUEUED");
        }
    }
}
