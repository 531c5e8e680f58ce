package io.parley.domain.model;

/** Why an outbound message exists. */
public enum MessageOrigin {
    /** A reply rule answered a customer. */
    RULE,
    /** A step of a conversation flow sent it. */
    FLOW,
    /** A person wrote it through the admin API or console. */
    AGENT,
    /** Parley queued it again after the channel refused an earlier one for a reason that passes (rate limits). */
    RETRY,
    /** The configured template that replaces a free-form reply outside the 24-hour customer service window. */
    FALLBACK_TEMPLATE,
    /** The confirmation of a customer's opt-out or opt-in. */
    CONSENT
}
