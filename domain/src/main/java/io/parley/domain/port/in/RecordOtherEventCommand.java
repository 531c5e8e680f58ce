package io.parley.domain.port.in;

import java.time.Instant;
import java.util.Objects;

/** An event Parley does not act on (another type): recorded once, so an operator can see that it came. */
public record RecordOtherEventCommand(String eventId, String eventType, Instant receivedAt) implements EventCommand {

    public RecordOtherEventCommand {
        ReceiveMessageCommand.requireText(eventId, "eventId");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }
}
