package io.parley.domain.service;

import io.parley.domain.model.ChannelPolicy;
import io.parley.domain.model.Conversation;
import io.parley.domain.model.MessageOrigin;
import io.parley.domain.model.OutboundContent;
import io.parley.domain.model.OutboundMessage;
import io.parley.domain.port.out.FallbackTemplates;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether a claimed reply may be sent now, and as what: WhatsApp allows free-form messages only within 24 hours of
 * the customer's last message (outside it the channel's fallback template goes instead, if it has one), and a
 * reply one of whose attempts may have reached the channel is repeated only inside the repeatability window.
 */
final class SendPolicy {

    /** The policy's answer: send this attempt, or fail the reply with a code and a reason. */
    sealed interface Decision {
        record Send(OutboundMessage attempt) implements Decision {
        }

        record Fail(String code, String reason) implements Decision {
        }
    }

    private final FallbackTemplates fallbackTemplates;
    private final ChannelPolicy channel;

    SendPolicy(FallbackTemplates fallbackTemplates, ChannelPolicy channel) {
        this.fallbackTemplates = fallbackTemplates;
        this.channel = channel;
    }

    /**
     * @param conversation the reply's conversation (null when it is gone: then a free-form reply cannot be sent)
     */
    Decision decide(OutboundMessage claimed, Conversation conversation, Instant now) {
        OutboundMessage message = claimed;
        if (isFreeForm(message.content())) {
            boolean open = conversation != null && conversation.customerServiceWindowOpen(now);
            if (!open) {
                Optional<OutboundContent.Template> fallback = fallbackTemplates.forChannel(message.channelId());
                if (fallback.isEmpty()) {
                    return new Decision.Fail("OUTSIDE_CUSTOMER_SERVICE_WINDOW", "the customer's last message is "
                            + "more than 24 hours old, so WhatsApp allows only templates, and no fallback template "
                            + "is configured for channel " + message.channelId());
                }
                message = message.withContent(fallback.get(), MessageOrigin.FALLBACK_TEMPLATE);
            }
        }
        // after the window's check, which may have made the reply a template
        if (conversation != null && conversation.optedOut() && !allowedAfterOptOut(message)) {
            return new Decision.Fail(OPTED_OUT, "the customer opted out of messages on this channel at "
                    + conversation.optedOutAt() + "; only a person's own words in the 24-hour window still go");
        }
        if (message.unsafeToRepeat(now, channel.repeatabilityWindow())) {
            return new Decision.Fail("OUTCOME_UNKNOWN", "an earlier attempt may have reached the channel but its "
                    + "answer was lost, and the channel's repeatability window has passed: not sent again, to never "
                    + "deliver it twice");
        }
        return new Decision.Send(message.attempt(now, channel.repeatabilityWindow()));
    }

    /** The failure code of a reply not sent because its customer opted out. */
    static final String OPTED_OUT = "OPTED_OUT";

    /**
     * What may still go to a customer who opted out: the confirmation of their opt-out (or opt-in), and an agent's
     * free-form message (the window check after this one applies); never a rule's, a flow's or any template.
     */
    private static boolean allowedAfterOptOut(OutboundMessage message) {
        return message.origin() == MessageOrigin.CONSENT
                || message.origin() == MessageOrigin.AGENT && isFreeForm(message.content());
    }

    /** Everything but a template needs the customer service window. */
    static boolean isFreeForm(OutboundContent content) {
        return !(content instanceof OutboundContent.Template);
    }
}
