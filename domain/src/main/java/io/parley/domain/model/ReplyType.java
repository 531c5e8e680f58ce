package io.parley.domain.model;

/** What a rule answers with. */
public enum ReplyType {
    TEXT,
    MEDIA,
    TEMPLATE,
    /** Hands the conversation to a person: the bot stays silent there until released (optional text first). */
    HANDOFF,
    /** Deliberate silence (for "ok", "thanks"): the message counts as answered, nothing is sent. */
    NONE
}
