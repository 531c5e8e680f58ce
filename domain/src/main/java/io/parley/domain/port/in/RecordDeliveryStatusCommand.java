package io.parley.domain.port.in;

import io.parley.domain.model.DeliveryStatus;
import java.time.Instant;
import java.util.Objects;

/** The channel reports a status for a message Parley sent, identified by its ACS receipt id. */
public record RecordDeliveryStatusCommand(String eventId, String acsMessageId, DeliveryStatus status,
                                          String errorCode, String errorMessage, Instant reportedAt)
        implements EventCommand {

    public RecordDeliveryStatusCommand {
        ReceiveMessageCommand.requireText(eventId, "eventId");
        ReceiveMessageCommand.requireText(acsMessageId, "acsMessageId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reportedAt, "reportedAt");
    }
}
