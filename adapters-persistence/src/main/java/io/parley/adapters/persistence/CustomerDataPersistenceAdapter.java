package io.parley.adapters.persistence;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.json.JsonMapper;
import io.parley.domain.port.out.CustomerDataPort;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * A customer's data, found from the schema rather than from a list kept by hand: their conversations
 * ({@code conversation.customer_id}), every table with a {@code customer_id} column (by the customer), every
 * other table with a {@code message_id} column (by their messages) or a {@code conversation_id} column (by their
 * conversations), and the dead letters whose headers or body name the customer as a whole token. A table added
 * later with one of those columns is exported and erased without a change here; the tables with none of them are
 * {@link Links#ignoredTables()}, which a test compares with {@link #NO_CUSTOMER_DATA}.
 */
@Singleton
class CustomerDataPersistenceAdapter implements CustomerDataPort {

    /** Tables that hold no customer's data: rules, flows, the team, the audit log, settings, event ids. */
    static final Set<String> NO_CUSTOMER_DATA = Set.of("reply_rule", "reply_rule_version", "rule_set_version",
            "flow", "flow_version", "app_user", "audit_log", "parley_setting", "processed_event", "status_report",
            "channel_analysis", "insight_count", "insight_delta", "channel_name", "flyway_schema_history");
    /** Dead letters are searched for a customer id of at least this many characters (shorter ones are no number). */
    static final int MIN_SEARCHED_ID = 6;
    private static final int CHUNK = 500;
    private static final int DEAD_LETTER_PAGE = 20;

    /** The schema's tables by what links their rows to a customer. */
    record Links(List<String> byMessage, List<String> byConversation, List<String> byCustomer,
                 List<String> ignoredTables) {
    }

    private final JdbcOperations jdbc;
    private final JsonMapper json;
    private volatile Links links;

    CustomerDataPersistenceAdapter(JdbcOperations jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** What the schema says, read once: which tables link to messages, conversations or customers. */
    Links links() {
        Links known = links;
        if (known == null) {
            known = jdbc.execute(this::readLinks);
            links = known;
        }
        return known;
    }

    private Links readLinks(Connection connection) throws SQLException {
        Map<String, Set<String>> columns = new LinkedHashMap<>();
        try (ResultSet rows = connection.getMetaData().getColumns(null, connection.getSchema(), "%", "%")) {
            while (rows.next()) {
                columns.computeIfAbsent(rows.getString("TABLE_NAME").toLowerCase(Locale.ROOT), t -> new TreeSet<>())
                        .add(rows.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
            }
        }
        List<String> byMessage = new ArrayList<>();
        List<String> byConversation = new ArrayList<>();
        List<String> byCustomer = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        for (var table : columns.entrySet()) {
            String name = table.getKey();
            Set<String> has = table.getValue();
            if (name.equals("message") || name.equals("conversation") || name.equals("dead_letter")) {
                continue; // the roots, and the dead letters searched by content
            }
            if (has.contains("customer_id")) {
                byCustomer.add(name);
            } else if (has.contains("message_id")) {
                byMessage.add(name);
            } else if (has.contains("conversation_id")) {
                byConversation.add(name);
            } else {
                ignored.add(name);
            }
        }
        return new Links(byMessage, byConversation, byCustomer, ignored);
    }

    @Override
    public Optional<Map<String, Object>> export(String customerId) {
        Links schema = links();
        List<Map<String, Object>> conversations = rows("SELECT * FROM conversation WHERE customer_id = ? ORDER BY "
                + "created_at, id", customerId);
        Map<String, List<Map<String, Object>>> direct = new LinkedHashMap<>();
        for (String table : schema.byCustomer()) {
            direct.put(table, rows("SELECT * FROM " + table + " WHERE customer_id = ?", customerId));
        }
        List<DeadLetterRow> deadLetters = deadLettersNaming(customerId);
        boolean nothing = conversations.isEmpty() && deadLetters.isEmpty()
                && direct.values().stream().allMatch(List::isEmpty);
        if (nothing) {
            return Optional.empty();
        }
        List<Map<String, Object>> exported = new ArrayList<>();
        for (Map<String, Object> conversation : conversations) {
            UUID conversationId = UUID.fromString((String) conversation.get("id"));
            Map<String, Object> c = new LinkedHashMap<>(conversation);
            List<Map<String, Object>> messages = new ArrayList<>();
            for (Map<String, Object> message : rows("SELECT * FROM message WHERE conversation_id = ? ORDER BY "
                    + "created_at, id", conversationId)) {
                Map<String, Object> m = new LinkedHashMap<>(message);
                UUID messageId = UUID.fromString((String) message.get("id"));
                for (String table : schema.byMessage()) {
                    m.put(table, rows("SELECT * FROM " + table + " WHERE message_id = ?", messageId));
                }
                messages.add(m);
            }
            c.put("message", messages);
            for (String table : schema.byConversation()) {
                c.put(table, rows("SELECT * FROM " + table + " WHERE conversation_id = ?", conversationId));
            }
            exported.add(c);
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("customerId", customerId);
        document.put("conversation", exported);
        direct.forEach(document::put);
        document.put("dead_letter", deadLetters.stream().map(DeadLetterRow::exported).toList());
        return Optional.of(document);
    }

    @Override
    public Map<String, Integer> count(String customerId) {
        Links schema = links();
        List<UUID> conversations = ids("SELECT id FROM conversation WHERE customer_id = ?", customerId);
        List<UUID> messages = new ArrayList<>();
        for (List<UUID> chunk : chunks(conversations)) {
            messages.addAll(idsIn("SELECT id FROM message WHERE conversation_id = ANY(?)", chunk));
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("conversation", conversations.size());
        counts.put("message", messages.size());
        for (String table : schema.byCustomer()) {
            counts.put(table, jdbc.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE customer_id = ?", s -> {
                s.setString(1, customerId);
                return single(s);
            }));
        }
        for (String table : schema.byMessage()) {
            counts.put(table, countIn(table, "message_id", messages));
        }
        for (String table : schema.byConversation()) {
            counts.put(table, countIn(table, "conversation_id", conversations));
        }
        counts.put("dead_letter", deadLettersNaming(customerId).size());
        counts.values().removeIf(n -> n == 0);
        return counts;
    }

    private int countIn(String table, String column, List<UUID> ids) {
        int n = 0;
        for (List<UUID> chunk : chunks(ids)) {
            n += jdbc.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE " + column + " = ANY(?)", s -> {
                s.setArray(1, Rows.uuids(s, chunk));
                return single(s);
            });
        }
        return n;
    }

    private static int single(PreparedStatement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getInt(1);
        }
    }

    @Override
    public Optional<Erased> erase(String customerId) {
        Links schema = links();
        // locks the customer's conversations: a delivery for them waits for this transaction, or this one for it
        List<UUID> conversations = ids("SELECT id FROM conversation WHERE customer_id = ? ORDER BY id FOR UPDATE",
                customerId);
        List<UUID> messages = new ArrayList<>();
        for (List<UUID> chunk : chunks(conversations)) {
            // locked too: an analysis arriving now waits, then finds its message gone (and is kept unmatched)
            messages.addAll(idsIn("SELECT id FROM message WHERE conversation_id = ANY(?) FOR UPDATE", chunk));
        }
        // children before what they reference: by customer (analyses reference messages), by message, by
        // conversation, then the messages and the conversations themselves
        Map<String, Integer> deleted = new LinkedHashMap<>();
        for (String table : schema.byCustomer()) {
            deleted.put(table, update("DELETE FROM " + table + " WHERE customer_id = ?", customerId));
        }
        for (String table : schema.byMessage()) {
            deleted.put(table, deleteIn(table, "message_id", messages));
        }
        for (String table : schema.byConversation()) {
            deleted.put(table, deleteIn(table, "conversation_id", conversations));
        }
        deleted.put("message", deleteIn("message", "conversation_id", conversations));
        deleted.put("conversation", deleteIn("conversation", "id", conversations));
        List<Long> letters = deadLettersNaming(customerId).stream().map(DeadLetterRow::id).toList();
        int deadLetters = 0;
        for (Long id : letters) {
            deadLetters += update("DELETE FROM dead_letter WHERE id = ?", id);
        }
        deleted.put("dead_letter", deadLetters);
        boolean nothing = deleted.values().stream().allMatch(n -> n == 0);
        return nothing ? Optional.empty() : Optional.of(new Erased(deleted, messages));
    }

    // ---------- dead letters ----------

    /** A dead letter that names the customer. */
    private record DeadLetterRow(long id, OffsetDateTime receivedAt, String reason, String headers, byte[] body) {

        Map<String, Object> exported() {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", id);
            row.put("received_at", receivedAt == null ? null : receivedAt.toInstant().toString());
            row.put("reason", reason);
            row.put("headers", headers);
            String text = utf8(body);
            row.put(text != null ? "body_text" : "body_base64", text != null ? text
                    : Base64.getEncoder().encodeToString(body));
            return row;
        }
    }

    /**
     * The dead letters whose headers or body hold the customer's id as a whole token (not inside a longer run of
     * letters and digits), read a page at a time; none for ids too short to be a number.
     */
    private List<DeadLetterRow> deadLettersNaming(String customerId) {
        if (customerId.length() < MIN_SEARCHED_ID) {
            return List.of();
        }
        byte[] needle = customerId.getBytes(StandardCharsets.UTF_8);
        List<DeadLetterRow> found = new ArrayList<>();
        long after = 0;
        while (true) {
            long from = after;
            List<DeadLetterRow> page = jdbc.prepareStatement("SELECT id, received_at, reason, headers, body FROM "
                    + "dead_letter WHERE id > ? ORDER BY id LIMIT " + DEAD_LETTER_PAGE, statement -> {
                        statement.setLong(1, from);
                        List<DeadLetterRow> rows = new ArrayList<>();
                        try (ResultSet r = statement.executeQuery()) {
                            while (r.next()) {
                                rows.add(new DeadLetterRow(r.getLong(1), r.getObject(2, OffsetDateTime.class),
                                        r.getString(3), r.getString(4), r.getBytes(5)));
                            }
                        }
                        return rows;
                    });
            for (DeadLetterRow row : page) {
                if (containsToken(row.body(), needle)
                        || containsToken(row.headers().getBytes(StandardCharsets.UTF_8), needle)) {
                    found.add(row);
                }
            }
            if (page.size() < DEAD_LETTER_PAGE) {
                return found;
            }
            after = page.get(page.size() - 1).id();
        }
    }

    static boolean containsToken(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            boolean startsToken = i == 0 || !Character.isLetterOrDigit(haystack[i - 1] & 0xFF);
            int end = i + needle.length;
            boolean endsToken = end == haystack.length || !Character.isLetterOrDigit(haystack[end] & 0xFF);
            if (startsToken && endsToken) {
                return true;
            }
        }
        return false;
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return null;
        }
    }

    // ---------- plain JDBC ----------

    private int deleteIn(String table, String column, List<UUID> ids) {
        int deleted = 0;
        for (List<UUID> chunk : chunks(ids)) {
            deleted += jdbc.prepareStatement("DELETE FROM " + table + " WHERE " + column + " = ANY(?)", statement -> {
                statement.setArray(1, Rows.uuids(statement, chunk));
                return statement.executeUpdate();
            });
        }
        return deleted;
    }

    private int update(String sql, Object key) {
        return jdbc.prepareStatement(sql, statement -> {
            statement.setObject(1, key);
            return statement.executeUpdate();
        });
    }

    private List<UUID> ids(String sql, String key) {
        return jdbc.prepareStatement(sql, statement -> {
            statement.setString(1, key);
            return readIds(statement);
        });
    }

    private List<UUID> idsIn(String sql, Collection<UUID> keys) {
        return jdbc.prepareStatement(sql, statement -> {
            statement.setArray(1, Rows.uuids(statement, keys));
            return readIds(statement);
        });
    }

    private static List<UUID> readIds(PreparedStatement statement) throws SQLException {
        List<UUID> ids = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                ids.add(rows.getObject(1, UUID.class));
            }
        }
        return ids;
    }

    /** Every column of every row, as JSON values: text, numbers, booleans, ISO instants, JSON columns parsed. */
    private List<Map<String, Object>> rows(String sql, Object key) {
        return jdbc.prepareStatement(sql, statement -> {
            statement.setObject(1, key);
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet r = statement.executeQuery()) {
                ResultSetMetaData meta = r.getMetaData();
                while (r.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        row.put(meta.getColumnLabel(i).toLowerCase(Locale.ROOT), value(r.getObject(i)));
                    }
                    rows.add(row);
                }
            }
            return rows;
        });
    }

    private Object value(Object value) throws SQLException {
        if (value == null || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof UUID uuid) {
            return uuid.toString();
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toInstant().toString();
        }
        if (value instanceof OffsetDateTime time) {
            return time.toInstant().toString();
        }
        if (value instanceof java.time.temporal.TemporalAccessor time) {
            return time.toString();
        }
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (value instanceof java.sql.Clob clob) {
            return clob.getSubString(1, (int) clob.length());
        }
        String text = value.toString();
        String trimmed = text.strip();
        if (trimmed.startsWith("{") && trimmed.endsWith("}") || trimmed.startsWith("[") && trimmed.endsWith("]")) {
            try {
                return json.readValue(trimmed, Object.class); // a JSON column (a flow's variables, held messages)
            } catch (IOException | RuntimeException notJson) {
                return text;
            }
        }
        return text;
    }

    private static List<List<UUID>> chunks(List<UUID> ids) {
        List<List<UUID>> chunks = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += CHUNK) {
            chunks.add(ids.subList(i, Math.min(ids.size(), i + CHUNK)));
        }
        return chunks;
    }
}
