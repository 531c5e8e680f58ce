package io.parley.domain.model;

/** How a rule decides that an inbound message is its to answer (CONTRACT.md gives the exact meaning of each). */
public enum MatchType {
    /** The whole message equals the value, ignoring case, surrounding spaces and trailing punctuation. */
    KEYWORD(true),
    /** The value appears in the message as whole words, ignoring case. */
    CONTAINS(true),
    /** An RE2 regular expression found anywhere in the message, ignoring case (linear time, never backtracks). */
    REGEX(true),
    /** A template button's payload or an interactive button's id equals the value. */
    BUTTON(true),
    /** An interactive list reply's row id equals the value. */
    LIST(true),
    /** The sent media's MIME type starts with the value, ignoring case (e.g. {@code image/}). */
    MEDIA(true),
    /** The first inbound message of a conversation. */
    FIRST_MESSAGE(true),
    /** The language the channel's analysis detected equals the value, ignoring case. */
    LANGUAGE(true),
    /** The value appears as whole words in the intent the channel's analysis found. */
    INTENT(true),
    /** Always: the fallback. */
    ANY(true);

    private final boolean available;

    MatchType(boolean available) {
        this.available = available;
    }

    /** False for the types this version of Parley knows by name but cannot evaluate yet. */
    public boolean isAvailable() {
        return available;
    }

    public boolean needsValue() {
        return this == KEYWORD || this == CONTAINS || this == REGEX || this == BUTTON || this == LIST
                || this == MEDIA || this == LANGUAGE || this == INTENT;
    }
}
