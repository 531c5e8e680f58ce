package io.parley.domain.port.in;

import io.parley.domain.model.OutboundMessage;
import java.time.Instant;
import java.util.UUID;

/** Agent replies go through the same outbox, and the same customer service window rules, as rule replies. */
public interface SendAgentMessageUseCase {

    /**
     * Queues the message.
     *
     * @throws UnknownConversationException when there is no such conversation
     * @throws WindowClosedException        when the content is free-form, the window is closed and no template
     *                                      was given
     */
    OutboundMessage send(SendAgentMessageCommand command);

    class UnknownConversationException extends RuntimeException {
        public UnknownConversationException(UUID id) {
            super("no conversation with id " + id);
        }
    }

    /** WhatsApp allows only templates more than 24 hours after the customer's last message. */
    class WindowClosedException extends RuntimeException {

        private final transient Instant lastInboundAt;

        public WindowClosedException(Instant lastInboundAt) {
            super(lastInboundAt == null
                    ? "the customer has never written in this conversation, so WhatsApp allows only a template"
                    : "the customer's last message was at " + lastInboundAt + ", more than 24 hours ago, so "
                    + "WhatsApp allows only a template");
            this.lastInboundAt = lastInboundAt;
        }

        public Instant lastInboundAt() {
            return lastInboundAt;
        }
    }

    /** The customer opted out on this channel: no template goes to them (free text inside the window still does). */
    class OptedOutException extends RuntimeException {
        private final transient java.time.Instant since;

        public OptedOutException(java.time.Instant since) {
            super("the customer opted out of messages on this channel at " + since + ": no template goes to them; "
                    + "free text still goes while the 24-hour window is open");
            this.since = since;
        }

        public java.time.Instant since() {
            return since;
        }
    }
}
