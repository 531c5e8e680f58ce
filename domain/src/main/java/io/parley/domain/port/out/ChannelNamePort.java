package io.parley.domain.port.out;

import io.parley.domain.model.ChannelName;
import java.util.List;

/** The names given to channels in the console, in the current transaction for writes. */
public interface ChannelNamePort {

    List<ChannelName> all();

    /** Gives {@code name.channelId()} this name, replacing any earlier one. */
    void put(ChannelName name);

    /** Forgets the channel's name; false when it had none. */
    boolean remove(String channelId);
}
