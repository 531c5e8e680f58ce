package io.parley.app.config;

import io.parley.domain.model.ChannelName;
import io.parley.domain.port.out.ChannelNamePort;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The names the console shows for channels: the one an admin gave in the console, else the one in the settings
 * ({@code PARLEY_CHANNELS_<channelId>_NAME}); channels with neither are shown by their id.
 */
@Singleton
public class ChannelDirectory {

    /** Who named a channel whose name comes from the settings. */
    public static final String SETTINGS = "settings";

    private final ChannelNamePort stored;
    private final Map<String, String> configured = new HashMap<>();

    ChannelDirectory(ChannelNamePort stored, List<ChannelSettings> channels) {
        this.stored = stored;
        for (ChannelSettings channel : channels) {
            if (channel.name() != null && ChannelName.problems(channel.name()).isEmpty()) {
                configured.put(channel.channelId(), channel.name().strip());
            }
        }
    }

    /** Every channel's name, by id: the console's, else the settings'. */
    public Map<String, ChannelName> names() {
        Map<String, ChannelName> names = new HashMap<>();
        configured.forEach((id, name) -> names.put(id, new ChannelName(id, name, java.time.Instant.EPOCH, SETTINGS)));
        for (ChannelName name : stored.all()) {
            names.put(name.channelId(), name);
        }
        return names;
    }
}
