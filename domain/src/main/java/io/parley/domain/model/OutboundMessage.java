package io.parley.domain.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A message Parley sends, from the outbox to its final delivery status. Its {@link #id()} doubles as the ACS
 * repeatability id, so every attempt to send it is the same request as far as ACS is concerned.
 *
 * @param channelId        the business channel it goes out from (the channel that received the customer's message)
 * @param recipientId      the customer it goes to
 * @param inReplyTo        the inbound message it answers, or null
 * @param ruleId           the rule that produced it, or null
 * @param origin           why it exists
 * @param replaces         the earlier outbound message this one retries or replaces, or null
 * @param acsMessageId     the ACS receipt id, once ACS accepted it
 * @param errorCode        for FAILED the reason's code; while QUEUED the last transient failure's code
 * @param delivery         its attempts with the channel
 * @param sentBy           the username of the person who wrote it (an agent's message), or null
 */
public record OutboundMessage(UUID id, UUID conversationId, String channelId, String recipientId, UUID inReplyTo,
                              Long ruleId, MessageOrigin origin, UUID replaces, OutboundContent content,
                              DeliveryStatus status, String acsMessageId, String errorCode, String errorMessage,
                              DeliveryAttempts delivery, Instant createdAt, Instant statusUpdatedAt, String sentBy)
        implements Message {

    public OutboundMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(conversationId, "conversationId");
        Conversation.requireText(channelId, "channelId");
        Conversation.requireText(recipientId, "recipientId");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(delivery, "delivery");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(statusUpdatedAt, "statusUpdatedAt");
    }

    /** A new rule reply in the outbox of {@code conversation}, due at once. */
    public static OutboundMessage queue(UUID id, Conversation conversation, UUID inReplyTo, Long ruleId,
                                        OutboundContent content, Instant now) {
        return queue(id, conversation, inReplyTo, ruleId, MessageOrigin.RULE, null, content, now, now);
    }

    /** A new message in the outbox of {@code conversation}, due at {@code dueAt}. */
    public static OutboundMessage queue(UUID id, Conversation conversation, UUID inReplyTo, Long ruleId,
                                        MessageOrigin origin, UUID replaces, OutboundContent content, Instant now,
                                        Instant dueAt) {
        return new OutboundMessage(id, conversation.id(), conversation.channelId(), conversation.customerId(),
                inReplyTo, ruleId, origin, replaces, content, DeliveryStatus.QUEUED, null, null, null,
                DeliveryAttempts.none(dueAt), now, now, null);
    }

    /** The same message, written by {@code username}. */
    public OutboundMessage sentBy(String username) {
        return new OutboundMessage(id, conversationId, channelId, recipientId, inReplyTo, ruleId, origin, replaces,
                content, status, acsMessageId, errorCode, errorMessage, delivery, createdAt, statusUpdatedAt,
                username);
    }

    /** How many times it was handed to the sender. */
    public int attempts() {
        return delivery.count();
    }

    /** When the dispatcher may take it (again). */
    public Instant nextAttemptAt() {
        return delivery.nextAt();
    }

    public Instant firstAttemptAt() {
        return delivery.firstAt();
    }

    /** The repeatability-first-sent of the current attempts. */
    public Instant windowStartedAt() {
        return delivery.windowStartedAt();
    }

    public boolean outcomeUncertain() {
        return delivery.uncertain();
    }

    @Override
    public MessageDirection direction() {
        return MessageDirection.OUTBOUND;
    }

    @Override
    public String text() {
        return content.summary();
    }

    /**
     * What replaces this message: the same conversation, recipient and origin details with another id and content,
     * queued with no attempt yet. It keeps this message's place in the conversation's queue (its creation time), so
     * that nothing queued after this message overtakes it.
     */
    public OutboundMessage followUp(UUID newId, MessageOrigin newOrigin, OutboundContent newContent, Instant now,
                                    Instant dueAt) {
        return new OutboundMessage(newId, conversationId, channelId, recipientId, inReplyTo, ruleId, newOrigin, id,
                newContent, DeliveryStatus.QUEUED, null, null, null, DeliveryAttempts.none(dueAt), createdAt, now,
                sentBy);
    }

    /** A message and the history entry its last change caused. */
    public record Transition(OutboundMessage message, StatusChange change) {
    }

    /** The history entry of this message being queued; {@code note} (may be null) says why, with {@code code}. */
    public StatusChange queuedEntry(Instant now, String code, String note) {
        return new StatusChange(id, DeliveryStatus.QUEUED, now, code, note, StatusChange.Source.OUTBOX, true);
    }

    /** The channel took the message: ACCEPTED with its receipt. */
    public Transition accept(String receiptId, Instant now) {
        return new Transition(accepted(receiptId, now), new StatusChange(id, DeliveryStatus.ACCEPTED, now, null, null,
                StatusChange.Source.DISPATCHER, true));
    }

    /**
     * {@code reported} by {@code source}: the message moves forward, or stays as it is when that would move it
     * backwards (or nowhere); either way the entry is kept, marked as applied or not.
     */
    public Transition report(DeliveryStatus reported, String code, String message, Instant at,
                             StatusChange.Source source) {
        Optional<OutboundMessage> advanced = advance(reported, code, message, at);
        return new Transition(advanced.orElse(this), new StatusChange(id, reported, at, code, message, source,
                advanced.isPresent()));
    }

    /** A transient failure: stays queued until {@code next}, remembering what went wrong (an entry, not applied). */
    public Transition retry(Instant next, String code, String message, boolean uncertain, Instant now) {
        return new Transition(retryAt(next, code, message, uncertain), new StatusChange(id, DeliveryStatus.QUEUED,
                now, code, "will retry at " + next + ": " + message, StatusChange.Source.DISPATCHER, false));
    }

    /**
     * This message as handed to the sender for one more attempt. The repeatability window starts with the first
     * attempt; once it has passed, a new one starts, but only if no earlier attempt may have reached the channel
     * ({@link ChannelPolicy#repeatabilityWindow()}).
     *
     * @throws IllegalStateException when the window passed after an attempt with an unknown outcome: resending
     *                               could then deliver the message twice
     */
    public OutboundMessage attempt(Instant now, Duration repeatabilityWindow) {
        return with(delivery.next(now, repeatabilityWindow));
    }

    /** True when another attempt at {@code now} would be outside the window of an uncertain earlier attempt. */
    public boolean unsafeToRepeat(Instant now, Duration repeatabilityWindow) {
        return delivery.unsafeToRepeat(now, repeatabilityWindow);
    }

    private OutboundMessage with(DeliveryAttempts attempts) {
        return new OutboundMessage(id, conversationId, channelId, recipientId, inReplyTo, ruleId, origin, replaces,
                content, status, acsMessageId, errorCode, errorMessage, attempts, createdAt, statusUpdatedAt,
                sentBy);
    }

    /** ACS took the message and gave it {@code receiptId}. */
    public OutboundMessage accepted(String receiptId, Instant now) {
        Conversation.requireText(receiptId, "receiptId");
        if (status != DeliveryStatus.QUEUED) {
            throw new IllegalStateException("message " + id + " is " + status + ", not QUEUED");
        }
        return new OutboundMessage(id, conversationId, channelId, recipientId, inReplyTo, ruleId, origin, replaces,
                content, DeliveryStatus.ACCEPTED, receiptId, null, null, delivery.done(), createdAt, now, sentBy);
    }

    /** A transient failure: stays queued until {@code next}, remembering what went wrong. */
    public OutboundMessage retryAt(Instant next, String code, String message, boolean uncertain) {
        return new OutboundMessage(id, conversationId, channelId, recipientId, inReplyTo, ruleId, origin, replaces,
                content, status, acsMessageId, code, message, delivery.retryAt(next, uncertain), createdAt,
                statusUpdatedAt, sentBy);
    }

    /** The same message with other content (a template instead of free text), still queued. */
    public OutboundMessage withContent(OutboundContent newContent, MessageOrigin newOrigin) {
        return new OutboundMessage(id, conversationId, channelId, recipientId, inReplyTo, ruleId, newOrigin, replaces,
                newContent, status, acsMessageId, errorCode, errorMessage, delivery, createdAt, statusUpdatedAt,
                sentBy);
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
        return Optional.of(new OutboundMessage(id, conversationId, channelId, recipientId, inReplyTo, ruleId, origin,
                replaces, content, reported, acsMessageId, failed ? code : errorCode,
                failed ? message : errorMessage, failed ? delivery.done() : delivery, createdAt, at, sentBy));
    }
}
