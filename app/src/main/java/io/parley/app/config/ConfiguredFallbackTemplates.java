package io.parley.app.config;

import io.parley.domain.model.OutboundContent;
import io.parley.domain.port.out.FallbackTemplates;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The approved template sent instead of a free-form reply outside the 24-hour customer service window:
 * {@code parley.window.fallback-template} for every channel, overridden per channel by
 * {@code parley.channels.<channelId>.fallback-template} (typed settings, read once at start).
 */
@Singleton
class ConfiguredFallbackTemplates implements FallbackTemplates {

    private final Optional<OutboundContent.Template> everyChannel;
    private final Map<String, OutboundContent.Template> perChannel = new HashMap<>();

    ConfiguredFallbackTemplates(WindowSettings window, List<ChannelSettings> channels) {
        this.everyChannel = window.fallbackTemplate() == null ? Optional.empty()
                : window.fallbackTemplate().template();
        for (ChannelSettings channel : channels) {
            if (channel.fallbackTemplate() != null) {
                channel.fallbackTemplate().template().ifPresent(t -> perChannel.put(channel.channelId(), t));
            }
        }
    }

    @Override
    public Optional<OutboundContent.Template> forChannel(String channelId) {
        OutboundContent.Template own = perChannel.get(channelId);
        return own != null ? Optional.of(own) : everyChannel;
    }
}
