package io.parley.domain.port.in;

import io.parley.domain.model.InboundContent;
import java.time.Instant;
import java.util.Objects;

/**
 * A customer's message, as an event delivered it.
 *
 * @param eventId    the delivering event's id: the same id is taken in only once
 * @param channelId  the business channel that received it (where replies go out from)
 * @param customerId who wrote it (where replies go to)
 * @param content    what they sent
 * @param receivedAt when the channel received it
 */
public record ReceiveMessageCommand(String eventId, String channelId, String customerId, InboundContent content,
                                    Instant receivedAt) implements EventCommand {

    public ReceiveMessageCommand {
        requireText(eventId, "eventId");
        requireText(channelId, "channelId");
        requireText(customerId, "customerId");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }

    static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
