package io.parley.domain.model;

import java.time.Instant;

/**
 * What the rules look at in an inbound message.
 *
 * @param text              what the customer said (text, caption, button label), or null
 * @param firstMessage      true for the first inbound message of its conversation
 * @param buttonPayload     a template button's payload or an interactive button's id, or null
 * @param listReplyId       an interactive list reply's row id, or null
 * @param mediaType         the MIME type of sent media, or null
 * @param language          the language the channel's analysis detected, or null
 * @param intent            the intent the channel's analysis found, or null
 * @param channelId         the channel the message was sent to, or null
 * @param customerId        who sent it, or null
 * @param at                when it was received (for schedules), or null
 * @param previousInboundAt when the customer's previous message was received, or null
 */
public record RuleInput(String text, boolean firstMessage, String buttonPayload, String listReplyId,
                        String mediaType, String language, String intent, String channelId, String customerId,
                        Instant at, Instant previousInboundAt) {

    public RuleInput(String text, boolean firstMessage) {
        this(text, firstMessage, null, null, null, null, null, null, null, null, null);
    }

    public RuleInput(String text, boolean firstMessage, String buttonPayload, String listReplyId, String mediaType) {
        this(text, firstMessage, buttonPayload, listReplyId, mediaType, null, null, null, null, null, null);
    }

    /** The same input with the message's context: where, who, when, and what analysis found. */
    public RuleInput withContext(String channel, String customer, Instant when, Instant previous, String lang,
                                 String foundIntent) {
        return new RuleInput(text, firstMessage, buttonPayload, listReplyId, mediaType, lang, foundIntent, channel,
                customer, when, previous);
    }

    /**
     * The same input with the option it picked from an earlier offer: a typed answer to buttons counts as that
     * button's id, to a list as that row's id, as a tap would.
     */
    public RuleInput withChoice(OfferChoice choice) {
        if (choice == null) {
            return this;
        }
        boolean buttons = choice.kind() == ReplyType.BUTTONS;
        return new RuleInput(text, firstMessage, buttons && buttonPayload == null ? choice.optionId() : buttonPayload,
                !buttons && listReplyId == null ? choice.optionId() : listReplyId, mediaType, language, intent,
                channelId, customerId, at, previousInboundAt);
    }
}
