package io.parley.domain.model;

/**
 * What the rules look at in an inbound message.
 *
 * @param text          what the customer said (text, caption, button label), or null
 * @param firstMessage  true for the first inbound message of its conversation
 * @param buttonPayload a template button's payload or an interactive button's id, or null
 * @param listReplyId   an interactive list reply's row id, or null
 * @param mediaType     the MIME type of sent media, or null
 */
public record RuleInput(String text, boolean firstMessage, String buttonPayload, String listReplyId,
                        String mediaType) {

    public RuleInput(String text, boolean firstMessage) {
        this(text, firstMessage, null, null, null);
    }
}
