package io.parley.domain.model;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * What the messaging channel does that Parley's delivery rules depend on, in the core's words; the adapter that
 * talks to the channel says what the values are (for WhatsApp through ACS: {@code AcsChannelPolicy}).
 *
 * @param repeatabilityWindow       how long after a request's first attempt the channel still recognises a repeat of
 *                                  it as the same request (and answers without sending twice)
 * @param recipientRateLimitedCodes failure codes meaning "too many messages to this customer in a short time":
 *                                  the reply is queued again after a backoff
 * @param windowClosedCodes         failure codes meaning "the customer service window has closed": the channel's
 *                                  fallback template is queued instead
 * @param interactiveMessages       true when the channel takes interactive messages (buttons, lists, links); when
 *                                  false they are sent as numbered text, and a typed number picks an option
 */
public record ChannelPolicy(Duration repeatabilityWindow, Set<String> recipientRateLimitedCodes,
                            Set<String> windowClosedCodes, boolean interactiveMessages) {

    /** What a failure reported by the channel means for the reply. */
    public enum Failure {
        RECIPIENT_RATE_LIMITED, CUSTOMER_SERVICE_WINDOW_CLOSED, FINAL
    }

    public ChannelPolicy {
        Objects.requireNonNull(repeatabilityWindow, "repeatabilityWindow");
        if (repeatabilityWindow.isNegative() || repeatabilityWindow.isZero()) {
            throw new IllegalArgumentException("the repeatability window must be positive");
        }
        recipientRateLimitedCodes = Set.copyOf(recipientRateLimitedCodes);
        windowClosedCodes = Set.copyOf(windowClosedCodes);
    }

    public ChannelPolicy(Duration repeatabilityWindow, Set<String> recipientRateLimitedCodes,
                         Set<String> windowClosedCodes) {
        this(repeatabilityWindow, recipientRateLimitedCodes, windowClosedCodes, true);
    }

    /** The same channel, with or without interactive messages. */
    public ChannelPolicy withInteractiveMessages(boolean supported) {
        return new ChannelPolicy(repeatabilityWindow, recipientRateLimitedCodes, windowClosedCodes, supported);
    }

    /**
     * {@code content} as this channel sends it: an interactive message becomes numbered text where the channel has
     * no interactive messages; anything else stays as it is.
     */
    public OutboundContent adapt(OutboundContent content) {
        if (!interactiveMessages && content instanceof OutboundContent.Interactive interactive) {
            return interactive.asText();
        }
        return content;
    }

    public Failure classify(String errorCode) {
        if (errorCode == null) {
            return Failure.FINAL;
        }
        if (recipientRateLimitedCodes.contains(errorCode)) {
            return Failure.RECIPIENT_RATE_LIMITED;
        }
        return windowClosedCodes.contains(errorCode) ? Failure.CUSTOMER_SERVICE_WINDOW_CLOSED : Failure.FINAL;
    }
}
