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

    /** What the inbox may narrow its list to. */
    enum InboxFilter {
        /** A person has the conversation (a handoff, an agent talking) and the customer waits for them. */
        WAITING,
        /** A flow runs in it. */
        IN_FLOW,
        /** The customer opted out. */
        OPTED_OUT,
        /** A message to the customer failed in the last {@link #FAILED_WITHIN_DAYS} days. */
        FAILED;

        public static final int FAILED_WITHIN_DAYS = 7;
    }

    /**
     * @param customerId only this customer's conversations (exactly), or null
     * @param search     text the customer id or a message of the conversation contains (ignoring case), or null
     * @param filters    what every conversation listed must be (all of them)
     * @param channelId  only this channel's conversations, or null for all
     * @param viewer     the console user whose unread messages are counted
     */
    record InboxQuery(String customerId, String search, java.util.Set<InboxFilter> filters, String channelId,
                      String viewer, Instant now) {
    }

    /**
     * A conversation as the inbox lists it.
     *
     * @param last   its latest message (null in a conversation without any)
     * @param unread the customer's messages since {@code viewer} last opened it
     */
    record InboxEntry(Conversation conversation, Message last, int unread) {
    }

    /** The inbox: conversations newest first (by last message), as {@code query} narrows them. */
    List<InboxEntry> inbox(InboxQuery query, int offset, int limit);

    /** The channels that have conversations, each with how many, and when its latest message came. */
    List<ChannelActivity> channels();

    record ChannelActivity(String channelId, long conversations, Instant lastMessageAt) {
    }

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
