package io.parley.adapters.acs;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.parley.domain.model.ChannelPolicy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Set;

/**
 * WhatsApp through ACS Advanced Messaging, as the core's {@link ChannelPolicy} needs to know it. Also the demo's
 * simulated channel behaves this way, so the bean exists in both modes.
 */
@Factory
public class AcsChannelPolicy {

    /**
     * ACS recognises a repeated request (same repeatability-request-id and -first-sent) for 5 minutes; Parley stays
     * inside that by 30 s. WhatsApp's 131056 is "pair rate limit hit" (too many messages to one customer in a short
     * time), 131047 "re-engagement message" (more than 24 hours since the customer's last message).
     */
    public static final ChannelPolicy WHATSAPP = new ChannelPolicy(Duration.ofMinutes(4).plusSeconds(30),
            Set.of("131056"), Set.of("131047"));

    /**
     * WhatsApp through ACS; with {@code parley.acs.interactive} (PARLEY_ACS_INTERACTIVE) false, for a resource where
     * the interactive api-version is not enabled, buttons, lists and links go out as numbered text instead.
     */
    @Singleton
    ChannelPolicy whatsAppThroughAcs(@Value("${parley.acs.interactive:true}") boolean interactive) {
        return WHATSAPP.withInteractiveMessages(interactive);
    }
}
