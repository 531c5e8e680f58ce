package io.parley.domain.model;

/** What a rule answers with. */
public enum ReplyType {
    TEXT(true),
    MEDIA(true),
    TEMPLATE(true),
    /** Hands the conversation to a person: the bot stays silent there until released (optional text first). */
    HANDOFF(true),
    /** Deliberate silence (for "ok", "thanks"): the message counts as answered, nothing is sent. */
    NONE(true);

    private final boolean available;

    ReplyType(boolean available) {
        this.available = available;
    }

    /** False for the types this version of Parley knows by name but cannot send yet. */
    public boolean isAvailable() {
        return available;
    }
}
