package io.parley.domain.model;

/**
 * How Parley answered one customer message: what insight counts, and what the inbox shows beside the message. Kept
 * with the message under these names.
 */
public enum AnswerKind {
    /** A rule answered (any rule but a fallback; a rule that hands off or stays silent on purpose counts too). */
    RULE,
    /** A fallback rule (match type {@code ANY}) answered: nothing more specific did. */
    FALLBACK,
    /** A flow took it: a rule started one, or it answered a flow's question. */
    FLOW,
    /** It was an opt-out or opt-in keyword, confirmed. */
    CONSENT,
    /** A person had the conversation (a handoff, an agent talking): the bot left it to them. */
    PEOPLE,
    /** The bot stayed silent for another reason: the customer opted out, or a flood or loop guard. */
    SILENCED,
    /** Nothing answered it. */
    NONE,
    /** It asks for no answer (a reaction, an unsupported message). */
    NOT_NEEDED;

    /** True for the answers the bot gave itself (rule, fallback, flow). */
    public boolean byTheBot() {
        return this == RULE || this == FALLBACK || this == FLOW;
    }

    /** True when the customer waits for a reply after it: the time to the first one is measured. */
    public boolean startsAWait() {
        return this != SILENCED && this != NONE && this != NOT_NEEDED;
    }

    /** The message only a fallback or nothing answered: it belongs to the "unanswered" texts. */
    public boolean unmatched() {
        return this == FALLBACK || this == NONE;
    }

    /** The stored name read back; null for none, or for a name a later version wrote. */
    public static AnswerKind ofStored(String name) {
        if (name == null) {
            return null;
        }
        try {
            return valueOf(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
