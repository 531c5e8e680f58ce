package io.parley.adapters.persistence;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.parley.domain.port.out.RetentionPort;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Batched deletes in plain SQL that PostgreSQL and H2 both run. */
@Singleton
class RetentionPersistenceAdapter implements RetentionPort {

    private final JdbcOperations jdbc;

    RetentionPersistenceAdapter(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<UUID> messagesBefore(Instant cutoff, int limit) {
        return jdbc.prepareStatement("SELECT id FROM message WHERE created_at < ? ORDER BY created_at LIMIT ?",
                statement -> {
                    statement.setTimestamp(1, Timestamp.from(cutoff));
                    statement.setInt(2, limit);
                    List<UUID> ids = new ArrayList<>();
                    try (ResultSet rows = statement.executeQuery()) {
                        while (rows.next()) {
                            ids.add(rows.getObject(1, UUID.class));
                        }
                    }
                    return ids;
                });
    }

    @Override
    public int deleteMessages(List<UUID> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        String in = String.join(",", java.util.Collections.nCopies(ids.size(), "?"));
        deleteWhereIn("DELETE FROM message_status_history WHERE message_id IN (" + in + ")", ids);
        deleteWhereIn("DELETE FROM outbox WHERE message_id IN (" + in + ")", ids);
        deleteWhereIn("DELETE FROM message_analysis WHERE message_id IN (" + in + ")", ids);
        deleteWhereIn("DELETE FROM media_download WHERE message_id IN (" + in + ")", ids);
        deleteWhereIn("DELETE FROM unanswered_text WHERE message_id IN (" + in + ")", ids);
        return deleteWhereIn("DELETE FROM message WHERE id IN (" + in + ")", ids);
    }

    private int deleteWhereIn(String sql, List<UUID> ids) {
        return jdbc.prepareStatement(sql, statement -> {
            for (int i = 0; i < ids.size(); i++) {
                statement.setObject(i + 1, ids.get(i));
            }
            return statement.executeUpdate();
        });
    }

    @Override
    public int deleteDeadLettersBefore(Instant cutoff, int limit) {
        return deleteOlder("dead_letter", "received_at", cutoff, limit);
    }

    @Override
    public int deleteEventsBefore(Instant cutoff, int limit) {
        // event ids by kind (a handful of kinds), then one delete per kind by its primary key
        Map<String, List<String>> byKind = new LinkedHashMap<>();
        jdbc.prepareStatement("""
                SELECT event_id, event_kind FROM processed_event WHERE received_at < ? ORDER BY received_at LIMIT ?""",
                statement -> {
                    try (ResultSet rows = bind(statement, cutoff, limit).executeQuery()) {
                        while (rows.next()) {
                            byKind.computeIfAbsent(rows.getString(2), kind -> new ArrayList<>()).add(rows.getString(1));
                        }
                    }
                    return null;
                });
        int events = 0;
        for (Map.Entry<String, List<String>> kind : byKind.entrySet()) {
            events += jdbc.prepareStatement(
                    "DELETE FROM processed_event WHERE event_kind = ? AND event_id = ANY(?)", statement -> {
                        statement.setString(1, kind.getKey());
                        statement.setArray(2, Rows.texts(statement, kind.getValue()));
                        return statement.executeUpdate();
                    });
        }
        return events + deleteOlder("status_report", "kept_at", cutoff, limit)
                + deleteUnattachedAnalyses(cutoff, limit);
    }

    /**
     * Analyses that never found their message (it was never stored, or went before its analysis came) are kept as
     * long as event ids: the counterpart of the status reports kept for unknown messages. They name a customer.
     */
    private int deleteUnattachedAnalyses(Instant cutoff, int limit) {
        return deleteIds("message_analysis", ids("SELECT id FROM message_analysis WHERE message_id IS NULL "
                + "AND recorded_at < ? ORDER BY id LIMIT ?", cutoff, limit));
    }

    @Override
    public int deleteAuditBefore(Instant cutoff, int limit) {
        return deleteOlder("audit_log", "recorded_at", cutoff, limit);
    }

    @Override
    public int deleteInsightCountsBefore(Instant cutoff, int limit) {
        List<Object[]> keys = new ArrayList<>();
        jdbc.prepareStatement("""
                SELECT hour_start, channel_id, metric, dimension FROM insight_count WHERE hour_start < ?
                ORDER BY hour_start LIMIT ?""", statement -> {
            statement.setObject(1, OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC));
            statement.setInt(2, limit);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    keys.add(new Object[] {rows.getObject(1, OffsetDateTime.class), rows.getString(2),
                            rows.getString(3), rows.getString(4)});
                }
            }
            return null;
        });
        if (keys.isEmpty()) {
            return 0;
        }
        int[] deleted = jdbc.prepareStatement("""
                DELETE FROM insight_count WHERE hour_start = ? AND channel_id = ? AND metric = ? AND dimension = ?""",
                statement -> {
                    for (Object[] key : keys) {
                        for (int i = 0; i < key.length; i++) {
                            statement.setObject(i + 1, key[i]);
                        }
                        statement.addBatch();
                    }
                    return statement.executeBatch();
                });
        return (int) java.util.Arrays.stream(deleted)
                .filter(n -> n > 0 || n == java.sql.Statement.SUCCESS_NO_INFO).count();
    }

    /**
     * Deletes up to {@code limit} rows of {@code table} (keyed by a numeric {@code id}) older than the cutoff, in two
     * statements: the ids first, then those rows by key. Not one {@code DELETE ... WHERE id IN (SELECT ... LIMIT)}:
     * H2 evaluates such a subquery again for every row the delete visits whenever another session has changed the
     * table meanwhile, which under load made a purge of processed_event take a core for minutes (issue #22).
     */
    private int deleteOlder(String table, String timeColumn, Instant cutoff, int limit) {
        return deleteIds(table, ids("SELECT id FROM " + table + " WHERE " + timeColumn + " < ? ORDER BY "
                + timeColumn + " LIMIT ?", cutoff, limit));
    }

    /** The ids a query selects, given the cutoff and the limit. */
    private List<Long> ids(String sql, Instant cutoff, int limit) {
        List<Long> ids = new ArrayList<>();
        jdbc.prepareStatement(sql, statement -> {
            try (ResultSet rows = bind(statement, cutoff, limit).executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
            }
            return null;
        });
        return ids;
    }

    private int deleteIds(String table, List<Long> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        return jdbc.prepareStatement("DELETE FROM " + table + " WHERE id = ANY(?)", statement -> {
            statement.setArray(1, Rows.longs(statement, ids));
            return statement.executeUpdate();
        });
    }

    private static PreparedStatement bind(PreparedStatement statement, Instant cutoff, int limit)
            throws SQLException {
        statement.setTimestamp(1, Timestamp.from(cutoff));
        statement.setInt(2, limit);
        return statement;
    }
}
