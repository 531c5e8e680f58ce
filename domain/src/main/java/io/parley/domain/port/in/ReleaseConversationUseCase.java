package io.parley.domain.port.in;

import java.util.UUID;

/** An agent hands a conversation back to the bot (after a handoff, a flood or a loop). */
public interface ReleaseConversationUseCase {

    /** False when there is no such conversation. */
    boolean release(UUID conversationId);
}
