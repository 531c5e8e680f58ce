package io.parley.adapters.persistence;

import io.parley.domain.model.DeliveryStatus;
import io.parley.domain.model.StatusChange;
import io.parley.domain.port.out.StatusHistoryPort;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.UUID;

@Singleton
class StatusHistoryPersistenceAdapter implements StatusHistoryPort {

    private final StatusHistoryRepository history;

    StatusHistoryPersistenceAdapter(StatusHistoryRepository history) {
        this.history = history;
    }

    @Override
    public void append(StatusChange c) {
        history.save(new StatusChangeEntity(null, c.messageId(), c.status().name(), c.at(),
                MessagePersistenceAdapter.truncate(c.errorCode(), 255),
                MessagePersistenceAdapter.truncate(c.errorMessage(), 4000), c.source(), c.applied()));
    }

    @Override
    public List<StatusChange> history(UUID messageId) {
        return history.of(messageId).stream()
                .map(e -> new StatusChange(e.messageId(), DeliveryStatus.valueOf(e.status()), e.at(), e.errorCode(),
                        e.errorMessage(), e.source(), e.applied()))
                .toList();
    }
}
