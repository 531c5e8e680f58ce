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

    private static final SetRows<StatusChange> ROWS = SetRows.<StatusChange>columns()
            .uuid("message_id", StatusChange::messageId)
            .text("status", c -> c.status().name())
            .instant("at", StatusChange::at)
            .text("error_code", c -> Rows.truncate(c.errorCode(), 255))
            .text("error_message", c -> Rows.truncate(c.errorMessage(), 4000))
            .text("source", c -> c.source().label())
            .bool("applied", StatusChange::applied)
            .build();
    private static final String INSERT = ROWS.insertInto("message_status_history");

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
        jdbc.prepareStatement(INSERT, statement -> {
            ROWS.bind(statement, 1, changes);
            return statement.executeUpdate();
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
