package io.parley.domain.port.out;

import io.parley.domain.model.Conversation;
import io.parley.domain.model.Message;
import io.parley.domain.model.OutboundMessage;
import java.time.Instant;
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

    /**
     * Replies the channel took (ACCEPTED, SENT or DELIVERED) whose status last changed at or after {@code since},
     * not yet read or failed, oldest first: what a channel still owes statuses for.
     */
    List<OutboundMessage> awaitingDelivery(Instant since, int limit);
}
