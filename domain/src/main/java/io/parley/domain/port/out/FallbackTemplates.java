package io.parley.domain.port.out;

import io.parley.domain.model.OutboundContent;
import java.util.Optional;

/**
 * The approved template a channel sends instead of a free-form reply when the customer service window is closed
 * (configured per channel, with an optional default for all).
 */
public interface FallbackTemplates {

    Optional<OutboundContent.Template> forChannel(String channelId);

    FallbackTemplates NONE = channelId -> Optional.empty();
}
