package io.parley.domain.model;

/** What a rule answers with. */
public enum ReplyType {
    TEXT,
    MEDIA,
    TEMPLATE,
    /** Text with 1 to 3 reply buttons (WhatsApp interactive "button"). */
    BUTTONS,
    /** Text with a list of up to 10 rows in sections (WhatsApp interactive "list"). */
    LIST,
    /** Text with a button that opens a web address (WhatsApp interactive "cta_url"). */
    URL,
    /** Hands the conversation to a person: the bot stays silent there until released (optional text first). */
    HANDOFF,
    /** Starts a conversation flow ({@code flowId}): the flow's steps answer from here on. */
    FLOW,
    /** Deliberate silence (for "ok", "thanks"): the message counts as answered, nothing is sent. */
    NONE;

    /** True for the WhatsApp interactive messages: BUTTONS, LIST and URL. */
    public boolean interactive() {
        return this == BUTTONS || this == LIST || this == URL;
    }
}
