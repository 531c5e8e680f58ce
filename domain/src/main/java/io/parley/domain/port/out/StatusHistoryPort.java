package io.parley.domain.port.out;

import io.parley.domain.model.StatusChange;
import java.util.List;
import java.util.UUID;

/** The status history of outbound messages. */
public interface StatusHistoryPort {

    /** Appends in the current transaction, in the order given. */
    void appendAll(List<StatusChange> changes);

    default void append(StatusChange change) {
        appendAll(List.of(change));
    }

    /** Oldest first. */
    List<StatusChange> history(UUID messageId);
}
