package io.parley.domain.port.out;

import java.time.Instant;
import java.util.UUID;

/** When each console user last looked at each conversation: the customer's messages after it are unread to them. */
public interface ConversationSeenPort {

    /** {@code username} saw the conversation at {@code at} (in the current transaction); false: no conversation. */
    boolean seen(UUID conversationId, String username, Instant at);
}
