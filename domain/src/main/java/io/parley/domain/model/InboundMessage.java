package io.parley.domain.model;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * What a customer wrote, as received through one event.
 *
 * @param eventId    the Event Grid event that carried it (unique: one message per event)
 * @param receivedAt when ACS received it from WhatsApp
 * @param createdAt  when Parley stored it
 */
public record InboundMessage(UUID id, UUID conversationId, String eventId, String text, Instant receivedAt,
                             Instant createdAt) implements Message {

    public InboundMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    @Override
    public MessageDirection direction() {
        return MessageDirection.INBOUND;
    }
}
