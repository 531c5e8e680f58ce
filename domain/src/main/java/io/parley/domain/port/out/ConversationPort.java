package io.parley.domain.port.out;

import io.parley.domain.model.Conversation;
import io.parley.domain.model.ConversationKey;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Conversations, one per channel and customer. */
public interface ConversationPort {

    /**
     * The conversations of these channels and customers, each locked until the current transaction ends (so that
     * two transactions taking in messages of one conversation take turns); those that do not exist yet are created
     * at {@code now}.
     */
    Map<ConversationKey, Conversation> lockOrCreate(Collection<ConversationKey> keys, Instant now);

    /** Writes what changes in a conversation over time: its times, the bot's pause and the reply activity. */
    void saveAll(Collection<Conversation> conversations);

    /** The conversation of {@code channelId} and {@code customerId}, if there is one. */
    Optional<Conversation> find(String channelId, String customerId);

    Optional<Conversation> get(UUID id);

    /** The conversations with these ids that exist. */
    Map<UUID, Conversation> getAll(Collection<UUID> ids);

    /** Moves the conversation's last message time forward to {@code at} (never backwards). */
    void touch(Conversation conversation, Instant at);

    /** Lets the bot answer again; false when there is no such conversation. */
    boolean releaseBot(UUID conversationId);
}
