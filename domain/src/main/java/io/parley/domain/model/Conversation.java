package io.parley.domain.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
 * @param activity        what the reply guards remember (repeated texts, recent rule replies)
 * @param offer           the options the bot last offered here (buttons or list rows), or null
 * @param flow            where the conversation is in a flow, or null when it is in none
 * @param held            the customer's messages whose answers wait (for their analysis, or behind an earlier one
 *                        that waits), oldest first; they are answered in this order
 * @param optedOutAt      when the customer opted out of messages on this channel (null: they have not, or opted in
 *                        again): no rule, flow or template message goes to them
 * @param awaitingReplySince when the customer's message that nothing has replied to yet came (null: nobody waits);
 *                        the time to the first reply after it is what insight reports as the first response
 */
public record Conversation(UUID id, String channelId, String customerId, Instant createdAt, Instant lastMessageAt,
                           Instant lastInboundAt, Instant botPausedUntil, String botPausedReason,
                           ReplyActivity activity, Offer offer, FlowSession flow, List<HeldMessage> held,
                           Instant optedOutAt, Instant awaitingReplySince) {

    /** WhatsApp allows free-form messages only this long after the customer's last message. */
    public static final Duration CUSTOMER_SERVICE_WINDOW = Duration.ofHours(24);

    public Conversation {
        Objects.requireNonNull(id, "id");
        requireText(channelId, "channelId");
        requireText(customerId, "customerId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lastMessageAt, "lastMessageAt");
        activity = Objects.requireNonNullElse(activity, ReplyActivity.NONE);
        held = held == null ? List.of() : List.copyOf(held);
    }

    public Conversation(UUID id, String channelId, String customerId, Instant createdAt, Instant lastMessageAt,
                        Instant lastInboundAt, Instant botPausedUntil, String botPausedReason,
                        ReplyActivity activity, Offer offer, FlowSession flow, List<HeldMessage> held,
                        Instant optedOutAt) {
        this(id, channelId, customerId, createdAt, lastMessageAt, lastInboundAt, botPausedUntil, botPausedReason,
                activity, offer, flow, held, optedOutAt, null);
    }

    public Conversation(UUID id, String channelId, String customerId, Instant createdAt, Instant lastMessageAt,
                        Instant lastInboundAt, Instant botPausedUntil, String botPausedReason,
                        ReplyActivity activity, Offer offer, FlowSession flow, List<HeldMessage> held) {
        this(id, channelId, customerId, createdAt, lastMessageAt, lastInboundAt, botPausedUntil, botPausedReason,
                activity, offer, flow, held, null);
    }

    public Conversation(UUID id, String channelId, String customerId, Instant createdAt, Instant lastMessageAt,
                        Instant lastInboundAt, Instant botPausedUntil, String botPausedReason,
                        ReplyActivity activity, Offer offer, FlowSession flow) {
        this(id, channelId, customerId, createdAt, lastMessageAt, lastInboundAt, botPausedUntil, botPausedReason,
                activity, offer, flow, List.of());
    }

    public Conversation(UUID id, String channelId, String customerId, Instant createdAt, Instant lastMessageAt,
                        Instant lastInboundAt, Instant botPausedUntil, String botPausedReason,
                        ReplyActivity activity, Offer offer) {
        this(id, channelId, customerId, createdAt, lastMessageAt, lastInboundAt, botPausedUntil, botPausedReason,
                activity, offer, null);
    }

    public Conversation(UUID id, String channelId, String customerId, Instant createdAt, Instant lastMessageAt,
                        Instant lastInboundAt, Instant botPausedUntil, String botPausedReason,
                        ReplyActivity activity) {
        this(id, channelId, customerId, createdAt, lastMessageAt, lastInboundAt, botPausedUntil, botPausedReason,
                activity, null);
    }

    public Conversation(UUID id, String channelId, String customerId, Instant createdAt, Instant lastMessageAt) {
        this(id, channelId, customerId, createdAt, lastMessageAt, null);
    }

    public Conversation(UUID id, String channelId, String customerId, Instant createdAt, Instant lastMessageAt,
                        Instant lastInboundAt) {
        this(id, channelId, customerId, createdAt, lastMessageAt, lastInboundAt, null, null);
    }

    public Conversation(UUID id, String channelId, String customerId, Instant createdAt, Instant lastMessageAt,
                        Instant lastInboundAt, Instant botPausedUntil, String botPausedReason) {
        this(id, channelId, customerId, createdAt, lastMessageAt, lastInboundAt, botPausedUntil, botPausedReason,
                ReplyActivity.NONE);
    }

    /** A conversation that starts now, before its first message. */
    public static Conversation start(UUID id, ConversationKey key, Instant now) {
        return new Conversation(id, key.channelId(), key.customerId(), now, now);
    }

    public ConversationKey key() {
        return new ConversationKey(channelId, customerId);
    }

    /** True while the customer has opted out of messages on this channel. */
    public boolean optedOut() {
        return optedOutAt != null;
    }

    /** The customer opted out at {@code at} (or opted in again: null). */
    public Conversation consent(Instant newOptedOutAt) {
        return new Conversation(id, channelId, customerId, createdAt, lastMessageAt, lastInboundAt, botPausedUntil,
                botPausedReason, activity, offer, flow, held, newOptedOutAt, awaitingReplySince);
    }

    /** True while the bot stays silent in this conversation. */
    public boolean botPaused(Instant now) {
        return botPausedUntil != null && now.isBefore(botPausedUntil);
    }

    /** True while free-form (non-template) messages may be sent to the customer. */
    public boolean customerServiceWindowOpen(Instant now) {
        return lastInboundAt != null && now.isBefore(lastInboundAt.plus(CUSTOMER_SERVICE_WINDOW));
    }

    /** True before the customer's first message was taken in. */
    public boolean awaitingFirstMessage() {
        return lastInboundAt == null;
    }

    /** After the customer's message with {@code text} (null when it has none) was taken in at {@code at}. */
    public Conversation customerWrote(String text, Instant at) {
        return new Conversation(id, channelId, customerId, createdAt, later(lastMessageAt, at),
                later(lastInboundAt, at), botPausedUntil, botPausedReason, activity.afterCustomerText(text), offer, flow,
                held, optedOutAt, awaitingReplySince);
    }

    /** After the rules queued a reply at {@code at}; the flood guard needs no more than {@code keep} of them. */
    public Conversation ruleReplied(Instant at, int keep) {
        return new Conversation(id, channelId, customerId, createdAt, later(lastMessageAt, at), lastInboundAt,
                botPausedUntil, botPausedReason, activity.afterRuleReply(at, keep), offer, flow, held, optedOutAt, awaitingReplySince);
    }

    /** After the bot offered {@code made}: answers are matched against it from now on. */
    public Conversation offered(Offer made) {
        return new Conversation(id, channelId, customerId, createdAt, lastMessageAt, lastInboundAt, botPausedUntil,
                botPausedReason, activity, made, flow, held, optedOutAt, awaitingReplySince);
    }

    /** In flow session {@code session} from now on; null: in no flow. */
    public Conversation inFlow(FlowSession session) {
        return new Conversation(id, channelId, customerId, createdAt, lastMessageAt, lastInboundAt, botPausedUntil,
                botPausedReason, activity, offer, session, held, optedOutAt, awaitingReplySince);
    }

    /** With {@code waiting} as the messages whose answers wait, oldest first. */
    public Conversation holding(List<HeldMessage> waiting) {
        return new Conversation(id, channelId, customerId, createdAt, lastMessageAt, lastInboundAt, botPausedUntil,
                botPausedReason, activity, offer, flow, waiting, optedOutAt, awaitingReplySince);
    }

    /** True while a message's answer waits here: a later message waits behind it. */
    public boolean holdsMessages() {
        return !held.isEmpty();
    }

    /** When the customer service window closes (null before the customer's first message). */
    public Instant customerServiceWindowEnd() {
        return lastInboundAt == null ? null : lastInboundAt.plus(CUSTOMER_SERVICE_WINDOW);
    }

    /** The bot is silent here until {@code until}, for {@code reason} (HANDOFF, FLOOD, LOOP). */
    public Conversation botPausedUntil(String reason, Instant until) {
        return new Conversation(id, channelId, customerId, createdAt, lastMessageAt, lastInboundAt, until, reason,
                activity, offer, flow, held, optedOutAt, awaitingReplySince);
    }

    /**
     * The customer waits for a reply to their message of {@code since}. A wait already running stays (the first
     * reply ends it, measured from its first message), unless it began before the customer service window that
     * this message opens: a message nobody could answer then does not make today's reply look days late.
     */
    public Conversation waitingForReply(Instant since) {
        if (awaitingReplySince != null && since.isBefore(awaitingReplySince.plus(CUSTOMER_SERVICE_WINDOW))) {
            return this;
        }
        return new Conversation(id, channelId, customerId, createdAt, lastMessageAt, lastInboundAt, botPausedUntil,
                botPausedReason, activity, offer, flow, held, optedOutAt, since);
    }

    /**
     * After a message to the customer was queued at {@code at}: the wait it ends (if any) is counted in
     * {@code tally} as a first response, and nobody waits any more.
     */
    public Conversation repliedAt(Instant at, Tally tally) {
        if (awaitingReplySince == null) {
            return this;
        }
        tally.firstResponse(channelId, Duration.between(awaitingReplySince, at), at);
        return new Conversation(id, channelId, customerId, createdAt, lastMessageAt, lastInboundAt, botPausedUntil,
                botPausedReason, activity, offer, flow, held, optedOutAt, null);
    }

    /** Nobody waits for a reply any more, though none came (the bot chose to stay silent): nothing is counted. */
    public Conversation noReplyOwed() {
        if (awaitingReplySince == null) {
            return this;
        }
        return new Conversation(id, channelId, customerId, createdAt, lastMessageAt, lastInboundAt, botPausedUntil,
                botPausedReason, activity, offer, flow, held, optedOutAt, null);
    }

    private static Instant later(Instant current, Instant candidate) {
        return current == null || candidate.isAfter(current) ? candidate : current;
    }

    static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }
}
