package io.parley.adapters.persistence;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.parley.domain.model.Conversation;
import io.parley.domain.model.ConversationKey;
import io.parley.domain.model.Ids;
import io.parley.domain.model.Message;
import io.parley.domain.model.MessageAnalysis;
import io.parley.domain.model.OutboundMessage;
import io.parley.domain.port.out.ConversationPort;
import io.parley.domain.port.out.ConversationQueries;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@Singleton
class ConversationPersistenceAdapter implements ConversationPort, ConversationQueries {

    /** A conversation as {@link #lockOrCreate} starts it. */
    private static final SetRows<Conversation> NEW = SetRows.<Conversation>columns()
            .uuid("id", Conversation::id)
            .text("channel_id", Conversation::channelId)
            .text("customer_id", Conversation::customerId)
            .instant("created_at", Conversation::createdAt)
            .instant("last_message_at", Conversation::lastMessageAt)
            .build();
    private static final String CREATE = NEW.insertInto("conversation") + " ON CONFLICT DO NOTHING";

    /** The key and everything about a conversation that changes (its flow session and offer as JSON). */
    private final SetRows<Conversation> changes;
    private final String update;
    private final ConversationRepository conversations;
    private final MessageRepository messages;
    private final MessageMapper mapper;
    private final MessageAnalysisRepository analyses;
    private final AnalysisPersistenceAdapter analysisMapper;
    private final JdbcOperations jdbc;
    private final InboxReads inbox;

    ConversationPersistenceAdapter(ConversationRepository conversations, MessageRepository messages,
                                   MessageMapper mapper, MessageAnalysisRepository analyses,
                                   AnalysisPersistenceAdapter analysisMapper, JdbcOperations jdbc, InboxReads inbox) {
        this.jdbc = jdbc;
        this.inbox = inbox;
        this.changes = SetRows.<Conversation>columns()
                .uuid("id", Conversation::id)
                .instant("last_message_at", Conversation::lastMessageAt)
                .instant("last_inbound_at", Conversation::lastInboundAt)
                .instant("bot_paused_until", Conversation::botPausedUntil)
                .text("bot_paused_reason", Conversation::botPausedReason)
                .text("last_text_key", c -> c.activity().lastTextKey())
                .integer("same_text_in_a_row", c -> c.activity().sameTextInARow())
                .text("recent_rule_replies", c -> ConversationRows.text(c.activity().recentRuleReplies()))
                .text("last_offer", c -> ConversationRows.text(c.offer(), mapper))
                .text("flow_session", c -> ConversationRows.text(c.flow(), mapper))
                .text("held_messages", c -> ConversationRows.text(c.held(), mapper))
                .instant("opted_out_at", Conversation::optedOutAt)
                .instant("awaiting_reply_since", Conversation::awaitingReplySince)
                .build();
        this.update = changes.update("conversation", "id", "");
        this.conversations = conversations;
        this.messages = messages;
        this.mapper = mapper;
        this.analyses = analyses;
        this.analysisMapper = analysisMapper;
    }

    @Override
    public Map<ConversationKey, Conversation> lockOrCreate(Collection<ConversationKey> keys, Instant now) {
        Map<ConversationKey, Conversation> found = lock(keys);
        List<Conversation> missing = new ArrayList<>();
        for (ConversationKey key : keys) {
            if (!found.containsKey(key)) {
                missing.add(Conversation.start(Ids.next(), key, now));
            }
        }
        if (missing.isEmpty()) {
            return found;
        }
        // created in one global order, so that two transactions creating overlapping conversations cannot deadlock
        missing.sort(java.util.Comparator.comparing(Conversation::channelId).thenComparing(Conversation::customerId));
        java.util.Set<UUID> created = NEW.insertNew(jdbc, CREATE, "id", missing, row -> Rows.uuid(row, "id"));
        List<ConversationKey> createdMeanwhile = new ArrayList<>();
        for (Conversation c : missing) {
            if (created.contains(c.id())) {
                found.put(c.key(), c); // created by this transaction, so locked by it
            } else {
                createdMeanwhile.add(c.key()); // a concurrent transaction created it first and has committed
            }
        }
        if (!createdMeanwhile.isEmpty()) {
            Map<ConversationKey, Conversation> others = lock(createdMeanwhile);
            if (others.size() != createdMeanwhile.size()) {
                throw new IllegalStateException("conversations vanished after a conflicting insert");
            }
            found.putAll(others);
        }
        return found;
    }

    /**
     * The existing conversations of these keys, locked in id order (the same order for every transaction). Looked up
     * by their customers, through the index on customer_id, with the channels as a filter that no index can take
     * ({@code IS TRUE}): a customer has a conversation per channel, so that is a look-up whatever the statistics say.
     * (With the channels as an index condition, PostgreSQL, on statistics a minute old, took the unique (channel_id,
     * customer_id) index by its channel alone and read every conversation of the channel on every batch: 419 ms for
     * 96 customers at 315,000 conversations, EXPLAIN ANALYZE under load. H2 takes the list of an index's first column
     * only, as with the analyses in V17. A join with UNNEST got a generic plan that scanned the table.) The rare
     * other pair of the cross product (a customer of two channels in one batch) is locked too and left out.
     */
    private Map<ConversationKey, Conversation> lock(Collection<ConversationKey> keys) {
        java.util.Set<ConversationKey> wanted = new java.util.HashSet<>(keys);
        Map<ConversationKey, Conversation> found = new HashMap<>();
        jdbc.prepareStatement("""
                SELECT * FROM conversation WHERE customer_id = ANY(?) AND (channel_id = ANY(?)) IS TRUE
                ORDER BY id FOR UPDATE""", statement -> {
            Rows.planEachTime(statement);
            statement.setArray(1, Rows.texts(statement, keys.stream().map(ConversationKey::customerId)
                    .distinct().toList()));
            statement.setArray(2, Rows.texts(statement, keys.stream().map(ConversationKey::channelId)
                    .distinct().toList()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    Conversation c = ConversationRows.read(rows, mapper);
                    if (wanted.contains(c.key())) {
                        found.put(c.key(), c);
                    }
                }
            }
            return null;
        });
        return found;
    }

    @Override
    public void saveAll(Collection<Conversation> changed) {
        if (changed.isEmpty()) {
            return;
        }
        // one row per conversation, its last state (a set update applies one row per key)
        Map<UUID, Conversation> last = new java.util.LinkedHashMap<>();
        changed.forEach(c -> last.put(c.id(), c));
        jdbc.prepareStatement(update, statement -> {
            Rows.planEachTime(statement);
            changes.bind(statement, 1, last.values());
            return statement.executeUpdate();
        });
    }

    @Override
    public Map<UUID, Conversation> getAll(Collection<UUID> ids) {
        Map<UUID, Conversation> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        jdbc.prepareStatement("SELECT * FROM conversation WHERE id = ANY(?)", statement -> {
            Rows.planEachTime(statement);
            statement.setArray(1, Rows.uuids(statement, ids));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    Conversation c = ConversationRows.read(rows, mapper);
                    found.put(c.id(), c);
                }
            }
            return null;
        });
        return found;
    }

    @Override
    public Optional<Conversation> find(String channelId, String customerId) {
        return conversations.findByChannelIdAndCustomerId(channelId, customerId)
                .map(e -> ConversationRows.toDomain(e, mapper));
    }

    @Override
    public Optional<Conversation> get(UUID id) {
        return conversation(id);
    }

    @Override
    public void touch(Conversation conversation, Instant at) {
        conversations.touch(conversation.id(), at);
    }

    @Override
    public boolean releaseBot(UUID conversationId) {
        return conversations.releaseBot(conversationId) == 1;
    }

    @Override
    public List<Conversation> conversations(String customerId, int offset, int limit) {
        return conversations.newestFirst(customerId, offset, limit).stream()
                .map(e -> ConversationRows.toDomain(e, mapper))
                .toList();
    }

    @Override
    public List<InboxEntry> inbox(InboxQuery query, int offset, int limit) {
        return inbox.inbox(query, offset, limit);
    }

    @Override
    public List<ChannelActivity> channels() {
        return inbox.channels();
    }

    @Override
    public Optional<Conversation> conversation(UUID id) {
        return conversations.findById(id).map(e -> ConversationRows.toDomain(e, mapper));
    }

    @Override
    public List<Message> messages(UUID conversationId) {
        Map<UUID, MessageAnalysis> analysisByMessage = new HashMap<>();
        for (MessageAnalysisEntity a : analyses.attachedIn(conversationId)) {
            analysisByMessage.put(a.messageId(), analysisMapper.toDomain(a)); // the latest wins
        }
        return messages.oldestFirst(conversationId).stream()
                .map(e -> "INBOUND".equals(e.direction())
                        ? (Message) mapper.toInbound(e, analysisByMessage.get(e.id()))
                        : mapper.toOutbound(e))
                .toList();
    }

    @Override
    public Optional<Message> message(UUID id) {
        return messages.findById(id).map(e -> {
            if (!"INBOUND".equals(e.direction())) {
                return mapper.toOutbound(e);
            }
            List<MessageAnalysisEntity> found = analyses.attachedTo(id);
            return mapper.toInbound(e, found.isEmpty() ? null
                    : analysisMapper.toDomain(found.get(found.size() - 1)));
        });
    }


    @Override
    public List<OutboundMessage> awaitingDelivery(Instant since, int limit) {
        return messages.awaitingDelivery(since, limit).stream().map(mapper::toOutbound).toList();
    }
}
