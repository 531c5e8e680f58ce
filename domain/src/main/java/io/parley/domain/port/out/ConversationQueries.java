package io.parley.domain.port.out;

import io.parley.domain.model.Conversation;
import io.parley.domain.model.Message;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Read-only views for the admin API. */
public interface ConversationQueries {

    /** Conversations newest first (by last message), optionally of one customer only. */
    List<Conversation> conversations(String customerId, int offset, int limit);

    /** Conversations newest first whose customer id contains this text (ignoring case). */
    List<Conversation> searchConversations(String customerIdPart, int offset, int limit);

    Optional<Conversation> conversation(UUID id);

    /** The conversation's messages, oldest first. */
    List<Message> messages(UUID conversationId);

    Optional<Message> message(UUID id);
}
