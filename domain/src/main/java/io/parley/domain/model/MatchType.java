package io.parley.domain.model;

/** How a rule decides that an inbound message is its to answer (CONTRACT.md gives the exact meaning of each). */
public enum MatchType {
    /** The whole message equals the value, ignoring case, surrounding spaces and trailing punctuation. */
    KEYWORD,
    /** The value appears in the message as whole words, ignoring case. */
    CONTAINS,
    /** An RE2 regular expression found anywhere in the message, ignoring case (linear time, never backtracks). */
    REGEX,
    /** A template button's payload or an interactive button's id equals the value. */
    BUTTON,
    /** An interactive list reply's row id equals the value. */
    LIST,
    /** The sent media's MIME type starts with the value, ignoring case (e.g. {@code image/}). */
    MEDIA,
    /** The first inbound message of a conversation. */
    FIRST_MESSAGE,
    /** The language the channel's analysis detected equals the value, ignoring case. */
    LANGUAGE,
    /** The value appears as whole words in the intent the channel's analysis found. */
    INTENT,
    /** Always: the fallback. */
    ANY;

    public boolean needsValue() {
        return this == KEYWORD || this == CONTAINS || this == REGEX || this == BUTTON || this == LIST
                || this == MEDIA || this == LANGUAGE || this == INTENT;
    }
}
