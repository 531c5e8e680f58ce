package io.parley.domain.model;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** One per business channel and customer: everything the two said to each other. */
public record Conversation(UUID id, String channelId, String customerId, Instant createdAt, Instant lastMessageAt) {

    public Conversation {
        Objects.requireNonNull(id, "id");
        requireText(channelId, "channelId");
        requireText(customerId, "customerId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lastMessageAt, "lastMessageAt");
    }

    static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }
}
