package io.parley.domain.model;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One entry of an outbound message's status history: what was reported or decided, when, by whom, and whether it
 * moved the message (a late "Delivered" after "Read" is recorded but not applied). The transitions of
 * {@link OutboundMessage} return the entry they cause, so that no change goes without one.
 */
public record StatusChange(UUID messageId, DeliveryStatus status, Instant at, String errorCode, String errorMessage,
                           Source source, boolean applied) {

    /** Who made the change. */
    public enum Source {
        /** The message was queued (a rule, an agent, a follow-up). */
        OUTBOX,
        /** The dispatcher: a receipt, a failure, a retry. */
        DISPATCHER,
        /** A status event of the channel. */
        CHANNEL;

        /** The name kept in the history and shown by the API. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Source ofLabel(String label) {
            return valueOf(label.toUpperCase(java.util.Locale.ROOT));
        }
    }

    public StatusChange {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(source, "source");
    }
}
