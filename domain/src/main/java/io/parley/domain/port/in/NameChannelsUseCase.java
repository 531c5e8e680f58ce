package io.parley.domain.port.in;

import io.parley.domain.model.ChannelName;
import java.util.Optional;

/** Admins name the WhatsApp numbers, so that people see "Shop Berlin" instead of a channel id. */
public interface NameChannelsUseCase {

    /**
     * Names the channel ({@code name} null or blank: forgets its name); recorded in the audit log.
     *
     * @return the name it has now, if any
     * @throws io.parley.domain.model.InvalidRuleException naming {@code name} when it is too long or not one line
     */
    Optional<ChannelName> name(String channelId, String name, String actor);
}
