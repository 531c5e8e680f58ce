package io.parley.adapters.persistence;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionOperations;
import io.parley.domain.model.Conversation;
import io.parley.domain.model.Message;
import io.parley.domain.port.out.ConversationQueries;
import io.parley.domain.port.out.ConversationQueries.InboxEntry;
import io.parley.domain.port.out.ConversationQueries.InboxFilter;
import io.parley.domain.port.out.ConversationQueries.InboxQuery;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The inbox's reads: a page of conversations narrowed by its filters (each one a fixed condition, values bound as
 * parameters), then, for that page only, each conversation's latest message and the customer messages the viewer
 * has not seen, one statement each.
 */
@Singleton
class InboxReads {

    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> transactions;
    private final MessageMapper mapper;

    InboxReads(JdbcOperations jdbc, TransactionOperations<Connection> transactions, MessageMapper mapper) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.mapper = mapper;
    }

    List<InboxEntry> inbox(InboxQuery query, int offset, int limit) {
        return transactions.executeRead(status -> {
            List<Conversation> page = page(query, offset, limit);
            if (page.isEmpty()) {
                return List.of();
            }
            UUID[] ids = page.stream().map(Conversation::id).toArray(UUID[]::new);
            Map<UUID, Message> last = lastMessages(ids);
            Map<UUID, Integer> unread = unread(ids, query.viewer());
            List<InboxEntry> entries = new ArrayList<>(page.size());
            for (Conversation c : page) {
                entries.add(new InboxEntry(c, last.get(c.id()), unread.getOrDefault(c.id(), 0)));
            }
            return entries;
        });
    }

    private List<Conversation> page(InboxQuery query, int offset, int limit) {
        StringBuilder sql = new StringBuilder("SELECT c.* FROM conversation c WHERE 1 = 1");
        List<Object> values = new ArrayList<>();
        if (query.customerId() != null) {
            sql.append(" AND c.customer_id = ?");
            values.add(query.customerId());
        }
        if (query.channelId() != null) {
            sql.append(" AND c.channel_id = ?");
            values.add(query.channelId());
        }
        if (query.search() != null && !query.search().isBlank()) {
            String pattern = "%" + query.search().strip().toLowerCase(Locale.ROOT).replace("\\", "\\\\")
                    .replace("%", "\\%").replace("_", "\\_") + "%";
            sql.append(" AND (LOWER(c.customer_id) LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM message m"
                    + " WHERE m.conversation_id = c.id AND LOWER(m.text) LIKE ? ESCAPE '\\'))");
            values.add(pattern);
            values.add(pattern);
        }
        for (InboxFilter filter : query.filters()) {
            switch (filter) {
                case WAITING -> {
                    sql.append(" AND c.bot_paused_until > ? AND c.bot_paused_reason IN ('HANDOFF', 'AGENT')"
                            + " AND c.awaiting_reply_since IS NOT NULL");
                    values.add(utc(query.now()));
                }
                case IN_FLOW -> sql.append(" AND c.flow_session IS NOT NULL");
                case OPTED_OUT -> sql.append(" AND c.opted_out_at IS NOT NULL");
                case FAILED -> {
                    sql.append(" AND EXISTS (SELECT 1 FROM message m WHERE m.conversation_id = c.id"
                            + " AND m.direction = 'OUTBOUND' AND m.status = 'FAILED' AND m.created_at >= ?)");
                    values.add(utc(query.now().minus(Duration.ofDays(InboxFilter.FAILED_WITHIN_DAYS))));
                }
                default -> throw new IllegalArgumentException("no such filter: " + filter);
            }
        }
        sql.append(" ORDER BY c.last_message_at DESC, c.id LIMIT ? OFFSET ?");
        values.add(limit);
        values.add(offset);
        List<Conversation> page = new ArrayList<>();
        jdbc.prepareStatement(sql.toString(), statement -> {
            bind(statement, values);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    page.add(ConversationRows.read(rows, mapper));
                }
            }
            return null;
        });
        return page;
    }

    /** Each conversation's latest message (with no analysis: a preview needs none). */
    private Map<UUID, Message> lastMessages(UUID[] ids) {
        Map<UUID, Message> last = new HashMap<>();
        jdbc.prepareStatement("""
                SELECT * FROM (SELECT m.*, ROW_NUMBER() OVER (PARTITION BY m.conversation_id
                                                                ORDER BY m.created_at DESC, m.id DESC) AS latest
                               FROM message m WHERE m.conversation_id = ANY(?)) x
                WHERE latest = 1""", statement -> {
            statement.setArray(1, statement.getConnection().createArrayOf("uuid", ids));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    MessageEntity e = MessageRows.read(rows);
                    last.put(e.conversationId(), mapper.toDomain(e));
                }
            }
            return null;
        });
        return last;
    }

    private Map<UUID, Integer> unread(UUID[] ids, String viewer) {
        Map<UUID, Integer> unread = new HashMap<>();
        jdbc.prepareStatement("""
                SELECT m.conversation_id, COUNT(*) AS n FROM message m
                LEFT JOIN conversation_seen s ON s.conversation_id = m.conversation_id AND s.username = ?
                WHERE m.conversation_id = ANY(?) AND m.direction = 'INBOUND'
                  AND (s.seen_at IS NULL OR m.created_at > s.seen_at)
                GROUP BY m.conversation_id""", statement -> {
            statement.setString(1, viewer == null ? "" : viewer);
            statement.setArray(2, statement.getConnection().createArrayOf("uuid", ids));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    unread.put(Rows.uuid(rows, "conversation_id"), rows.getInt("n"));
                }
            }
            return null;
        });
        return unread;
    }

    List<ConversationQueries.ChannelActivity> channels() {
        return transactions.executeRead(status -> jdbc.prepareStatement("""
                SELECT channel_id, COUNT(*) AS n, MAX(last_message_at) AS last_at FROM conversation
                GROUP BY channel_id ORDER BY channel_id""", statement -> {
            List<ConversationQueries.ChannelActivity> found = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    found.add(new ConversationQueries.ChannelActivity(rows.getString("channel_id"), rows.getLong("n"),
                            Rows.instant(rows, "last_at")));
                }
            }
            return found;
        }));
    }

    private static void bind(PreparedStatement statement, List<Object> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            statement.setObject(i + 1, values.get(i));
        }
    }

    private static OffsetDateTime utc(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }
}
