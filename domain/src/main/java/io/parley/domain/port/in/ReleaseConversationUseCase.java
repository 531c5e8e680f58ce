package io.parley.domain.port.in;

import java.util.UUID;

/** An agent hands a conversation back to the bot (after a handoff, a flood or a loop). */
public interface ReleaseConversationUseCase {

    /** False when there is no such conversation; {@code actor} is who released it (for the audit log). */
    boolean release(UUID conversationId, String actor);
}
