package io.parley.adapters.persistence;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.parley.domain.port.out.EventLogPort;
import io.parley.domain.port.out.SettingsPort;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/**
 * The event log and the settings: two single-statement tables written with ON CONFLICT DO NOTHING, which makes a
 * concurrent duplicate wait for the first transaction and then change nothing (no exception, so the surrounding
 * transaction stays usable on PostgreSQL).
 */
@Singleton
class EventLogPersistenceAdapter implements EventLogPort, SettingsPort {

    private final JdbcOperations jdbc;

    EventLogPersistenceAdapter(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean recordIfNew(String eventId, String eventType, Instant receivedAt) {
        return jdbc.prepareStatement("""
                INSERT INTO processed_event (event_id, event_kind, received_at) VALUES (?, ?, ?)
                ON CONFLICT DO NOTHING""", statement -> {
            statement.setString(1, eventId);
            statement.setString(2, eventType);
            statement.setTimestamp(3, Timestamp.from(receivedAt));
            return statement.executeUpdate() == 1;
        });
    }

    @Override
    public Optional<String> get(String name) {
        return jdbc.prepareStatement("SELECT setting_value FROM parley_setting WHERE name = ?", statement -> {
            statement.setString(1, name);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        });
    }

    @Override
    public boolean putIfAbsent(String name, String value) {
        return jdbc.prepareStatement("INSERT INTO parley_setting (name, setting_value) VALUES (?, ?) ON CONFLICT DO NOTHING",
                (PreparedStatement statement) -> {
                    statement.setString(1, name);
                    statement.setString(2, value);
                    return statement.executeUpdate() == 1;
                });
    }
}
