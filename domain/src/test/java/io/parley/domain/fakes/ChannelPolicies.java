package io.parley.domain.fakes;

import io.parley.domain.model.ChannelPolicy;
import java.time.Duration;
import java.util.Set;

/** The channel facts the domain tests assume: WhatsApp's, as adapters-acs-outbound configures them. */
public final class ChannelPolicies {

    public static final ChannelPolicy WHATSAPP = new ChannelPolicy(Duration.ofMinutes(4).plusSeconds(30),
            Set.of("131056"), Set.of("131047"));

    private ChannelPolicies() {
    }
}
