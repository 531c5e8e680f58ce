package io.parley.adapters.persistence;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.parley.domain.model.AuditEntry;
import io.parley.domain.port.out.AuditPort;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The audit log, newest first by id (ids grow with time within an instance and across them closely enough). */
@Singleton
class AuditPersistenceAdapter implements AuditPort {

    private final JdbcOperations jdbc;

    AuditPersistenceAdapter(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void append(AuditEntry entry) {
        jdbc.prepareStatement("INSERT INTO audit_log (recorded_at, actor, action, target, detail) "
                + "VALUES (?, ?, ?, ?, ?)", statement -> {
                    Rows.setInstant(statement, 1, entry.at());
                    statement.setString(2, entry.actor());
                    statement.setString(3, entry.action());
                    statement.setString(4, entry.target());
                    statement.setString(5, entry.detail());
                    return statement.executeUpdate();
                });
    }

    @Override
    public List<AuditEntry> find(String actor, String action, Instant from, Instant to, Long beforeId, int limit) {
        // every filter is a parameter: "? IS NULL OR" keeps one statement for every combination
        return jdbc.prepareStatement("SELECT id, recorded_at, actor, action, target, detail FROM audit_log "
                + "WHERE (CAST(? AS VARCHAR(200)) IS NULL OR actor = ?) "
                + "AND (CAST(? AS VARCHAR(40)) IS NULL OR action = ?) "
                + "AND (CAST(? AS TIMESTAMP WITH TIME ZONE) IS NULL OR recorded_at >= ?) "
                + "AND (CAST(? AS TIMESTAMP WITH TIME ZONE) IS NULL OR recorded_at < ?) "
                + "AND (CAST(? AS BIGINT) IS NULL OR id < ?) "
                + "ORDER BY id DESC LIMIT ?", statement -> {
                    statement.setString(1, actor);
                    statement.setString(2, actor);
                    statement.setString(3, action);
                    statement.setString(4, action);
                    Rows.setInstant(statement, 5, from);
                    Rows.setInstant(statement, 6, from);
                    Rows.setInstant(statement, 7, to);
                    Rows.setInstant(statement, 8, to);
                    statement.setObject(9, beforeId, java.sql.Types.BIGINT);
                    statement.setObject(10, beforeId, java.sql.Types.BIGINT);
                    statement.setInt(11, limit);
                    List<AuditEntry> found = new ArrayList<>();
                    try (ResultSet rows = statement.executeQuery()) {
                        while (rows.next()) {
                            found.add(new AuditEntry(rows.getLong(1), Rows.instant(rows, "recorded_at"),
                                    rows.getString(3), rows.getString(4), rows.getString(5), rows.getString(6)));
                        }
                    }
                    return found;
                });
    }
}
