package io.parley.domain.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A reply Parley sends, from the outbox to its final delivery status. Its {@link #id()} doubles as the ACS
 * repeatability id, so every attempt to send it is the same request as far as ACS is concerned.
 *
 * @param channelId      the business channel it goes out from (the channel that received the customer's message)
 * @param recipientId    the customer it goes to
 * @param inReplyTo      the inbound message it answers, or null for messages not triggered by one
 * @param ruleId         the rule that produced it, or null
 * @param acsMessageId   the ACS receipt id, once ACS accepted it
 * @param errorCode      for FAILED the reason's code; while QUEUED the last transient failure's code
 * @param attempts       how many times it was handed to the sender
 * @param nextAttemptAt  when the dispatcher may take it (again)
 * @param firstAttemptAt when it was first handed to the sender: the repeatability-first-sent of every attempt
 */
public record OutboundMessage(UUID id, UUID conversationId, String channelId, String recipientId, UUID inReplyTo,
                              Long ruleId, OutboundContent content, DeliveryStatus status, String acsMessageId,
                              String errorCode, String errorMessage, int attempts, Instant nextAttemptAt,
                              Instant firstAttemptAt, Instant createdAt, Instant statusUpdatedAt)
        implements Message {

    public OutboundMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(conversationId, "conversationId");
        Conversation.requireText(channelId, "channelId");
        Conversation.requireText(recipientId, "recipientId");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(statusUpdatedAt, "statusUpdatedAt");
    }

    /** A new reply in the outbox of {@code conversation}, due at once. */
    public static OutboundMessage queue(UUID id, Conversation conversation, UUID inReplyTo, Long ruleId,
                                        OutboundContent content, Instant now) {
        return new OutboundMessage(id, conversation.id(), conversation.channelId(), conversation.customerId(),
                inReplyTo, ruleId, content, DeliveryStatus.QUEUED, null, null, null, 0, now, null, now, now);
    }

    @Override
    public MessageDirection direction() {
        return MessageDirection.OUTBOUND;
    }

    @Override
    public String text() {
        return content.summary();
    }

    /** This message as handed to the sender for one more attempt. */
    public OutboundMessage attempt(Instant now) {
        return new OutboundMessage(id, conversationId, channelId, recipientId, inReplyTo, ruleId, content, status,
                acsMessageId, errorCode, errorMessage, attempts + 1, nextAttemptAt,
                firstAttemptAt == null ? now : firstAttemptAt, createdAt, statusUpdatedAt);
    }

    /** ACS took the message and gave it {@code receiptId}. */
    public OutboundMessage accepted(String receiptId, Instant now) {
        Conversation.requireText(receiptId, "receiptId");
        if (status != DeliveryStatus.QUEUED) {
            throw new IllegalStateException("message " + id + " is " + status + ", not QUEUED");
        }
        return new OutboundMessage(id, conversationId, channelId, recipientId, inReplyTo, ruleId, content,
                DeliveryStatus.ACCEPTED, receiptId, null, null, attempts, null, firstAttemptAt, createdAt, now);
    }

    /** A transient failure: stays queued until {@code next}, remembering what went wrong. */
    public OutboundMessage retryAt(Instant next, String code, String message) {
        return new OutboundMessage(id, conversationId, channelId, recipientId, inReplyTo, ruleId, content, status,
                acsMessageId, code, message, attempts, next, firstAttemptAt, createdAt, statusUpdatedAt);
    }

    /**
     * The message with {@code reported} applied, or empty when that would move it backwards (or nowhere).
     * A failure carries its code and message; any other status keeps what the message had.
     */
    public Optional<OutboundMessage> advance(DeliveryStatus reported, String code, String message, Instant at) {
        if (!status.canMoveTo(reported)) {
            return Optional.empty();
        }
        boolean failed = reported == DeliveryStatus.FAILED;
        return Optional.of(new OutboundMessage(id, conversationId, channelId, recipientId, inReplyTo, ruleId,
                content, reported, acsMessageId, failed ? code : errorCode, failed ? message : errorMessage,
                attempts, failed ? null : nextAttemptAt, firstAttemptAt, createdAt, at));
    }
}
