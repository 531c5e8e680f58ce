package io.parley.adapters.persistence;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.parley.domain.port.out.RetentionPort;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
        return deleteOlder("dead_letter", "id", "received_at", cutoff, limit);
    }

    @Override
    public int deleteEventsBefore(Instant cutoff, int limit) {
        int events = jdbc.prepareStatement("""
                DELETE FROM processed_event WHERE (event_id, event_kind) IN (
                  SELECT event_id, event_kind FROM processed_event WHERE received_at < ? LIMIT ?)""",
                statement -> bind(statement, cutoff, limit).executeUpdate());
        return events + deleteOlder("status_report", "id", "kept_at", cutoff, limit);
    }

    @Override
    public int deleteAuditBefore(Instant cutoff, int limit) {
        return deleteOlder("audit_log", "id", "recorded_at", cutoff, limit);
    }

    @Override
    public int deleteInsightCountsBefore(Instant cutoff, int limit) {
        return jdbc.prepareStatement("DELETE FROM insight_count WHERE (hour_start, channel_id, metric, dimension) IN "
                + "(SELECT hour_start, channel_id, metric, dimension FROM insight_count WHERE hour_start < ? "
                + "ORDER BY hour_start LIMIT ?)", statement -> {
            statement.setObject(1, java.time.OffsetDateTime.ofInstant(cutoff, java.time.ZoneOffset.UTC));
            statement.setInt(2, limit);
            return statement.executeUpdate();
        });
    }

    private int deleteOlder(String table, String key, String timeColumn, Instant cutoff, int limit) {
        return jdbc.prepareStatement("DELETE FROM " + table + " WHERE " + key + " IN (SELECT " + key + " FROM "
                + table + " WHERE " + timeColumn + " < ? LIMIT ?)", statement -> bind(statement, cutoff, limit)
                .executeUpdate());
    }

    private static PreparedStatement bind(PreparedStatement statement, Instant cutoff, int limit)
            throws SQLException {
        statement.setTimestamp(1, Timestamp.from(cutoff));
        statement.setInt(2, limit);
        return statement;
    }
}
