package io.parley.domain.model;

/** What a rule answers with. */
public enum ReplyType {
    TEXT(true),
    MEDIA(true),
    TEMPLATE(true),
    HANDOFF(false);

    private final boolean available;

    ReplyType(boolean available) {
        this.available = available;
    }

    /** False for the types this version of Parley knows by name but cannot send yet. */
    public boolean isAvailable() {
        return available;
    }
}
