package io.parley.domain.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One per business channel and customer: everything the two said to each other.
 *
 * @param lastInboundAt   when Parley last received a message from the customer (null before the first): starts the
 *                        24-hour customer service window
 * @param botPausedUntil  while in the future, the bot does not answer here (a handoff to a person, a flood or a
 *                        loop); null when it answers
 * @param botPausedReason why it is paused: HANDOFF, FLOOD or LOOP
 */
public record Conversation(UUID id, String channelId, String customerId, Instant createdAt, Instant lastMessageAt,
                           Instant lastInboundAt, Instant botPausedUntil, String botPausedReason) {

    /** WhatsApp allows free-form messages only this long after the customer's last message. */
    public static final Duration CUSTOMER_SERVICE_WINDOW = Duration.ofHours(24);

    public Conversation {
        Objects.requireNonNull(id, "id");
        requireText(channelId, "channelId");
        requireText(customerId, "customerId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lastMessageAt, "lastMessageAt");
    }

    public Conversation(UUID id, String channelId, String customerId, Instant createdAt, Instant lastMessageAt) {
        this(id, channelId, customerId, createdAt, lastMessageAt, null);
    }

    public Conversation(UUID id, String channelId, String customerId, Instant createdAt, Instant lastMessageAt,
                        Instant lastInboundAt) {
        this(id, channelId, customerId, createdAt, lastMessageAt, lastInboundAt, null, null);
    }

    /** True while the bot stays silent in this conversation. */
    public boolean botPaused(Instant now) {
        return botPausedUntil != null && now.isBefore(botPausedUntil);
    }

    /** True while free-form (non-template) messages may be sent to the customer. */
    public boolean customerServiceWindowOpen(Instant now) {
        return lastInboundAt != null && now.isBefore(lastInboundAt.plus(CUSTOMER_SERVICE_WINDOW));
    }

    static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }
}
