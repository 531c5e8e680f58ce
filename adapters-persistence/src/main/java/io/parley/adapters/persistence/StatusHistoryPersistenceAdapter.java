package io.parley.adapters.persistence;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.parley.domain.model.DeliveryStatus;
import io.parley.domain.model.StatusChange;
import io.parley.domain.port.out.StatusHistoryPort;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.UUID;

@Singleton
class StatusHistoryPersistenceAdapter implements StatusHistoryPort {

    private final StatusHistoryRepository history;
    private final JdbcOperations jdbc;

    StatusHistoryPersistenceAdapter(StatusHistoryRepository history, JdbcOperations jdbc) {
        this.history = history;
        this.jdbc = jdbc;
    }

    @Override
    public void appendAll(List<StatusChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        jdbc.prepareStatement("""
                INSERT INTO message_status_history (message_id, status, at, error_code, error_message, source, applied)
                VALUES (?, ?, ?, ?, ?, ?, ?)""", statement -> {
            for (StatusChange c : changes) {
                Rows.setUuid(statement, 1, c.messageId());
                statement.setString(2, c.status().name());
                Rows.setInstant(statement, 3, c.at());
                statement.setString(4, Rows.truncate(c.errorCode(), 255));
                statement.setString(5, Rows.truncate(c.errorMessage(), 4000));
                statement.setString(6, c.source().label());
                statement.setBoolean(7, c.applied());
                statement.addBatch();
            }
            return statement.executeBatch();
        });
    }

    @Override
    public List<StatusChange> history(UUID messageId) {
        return history.of(messageId).stream()
                .map(e -> new StatusChange(e.messageId(), DeliveryStatus.valueOf(e.status()), e.at(), e.errorCode(),
                        e.errorMessage(), StatusChange.Source.ofLabel(e.source()), e.applied()))
                .toList();
    }
}
