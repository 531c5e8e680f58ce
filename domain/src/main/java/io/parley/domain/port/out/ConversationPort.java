package io.parley.domain.port.out;

import io.parley.domain.model.Conversation;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Conversations, one per channel and customer. */
public interface ConversationPort {

    /** The conversation of {@code channelId} and {@code customerId}, created at {@code now} when there is none. */
    Conversation findOrCreate(String channelId, String customerId, Instant now);

    /** The conversation of {@code channelId} and {@code customerId}, if there is one. */
    Optional<Conversation> find(String channelId, String customerId);

    Optional<Conversation> get(UUID id);

    /** Moves the conversation's last message time forward to {@code at} (never backwards). */
    void touch(Conversation conversation, Instant at);

    /** Silences the bot in the conversation until {@code until}, for {@code reason} (HANDOFF, FLOOD, LOOP). */
    void pauseBot(UUID conversationId, String reason, Instant until);

    /** Lets the bot answer again; false when there is no such conversation. */
    boolean releaseBot(UUID conversationId);

    /** Moves the conversation's last message and last inbound times forward to {@code at}. */
    void touchInbound(Conversation conversation, Instant at);
}
