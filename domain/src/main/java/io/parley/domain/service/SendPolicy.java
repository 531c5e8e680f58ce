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

    /** @param conversation the reply's conversation (needed for free-form content only; may be null otherwise) */
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
        if (message.unsafeToRepeat(now, channel.repeatabilityWindow())) {
            return new Decision.Fail("OUTCOME_UNKNOWN", "an earlier attempt may have reached the channel but its "
                    + "answer was lost, and the channel's repeatability window has passed: not sent again, to never "
                    + "deliver it twice");
        }
        return new Decision.Send(message.attempt(now, channel.repeatabilityWindow()));
    }

    /** Everything but a template needs the customer service window. */
    static boolean isFreeForm(OutboundContent content) {
        return !(content instanceof OutboundContent.Template);
    }
}
