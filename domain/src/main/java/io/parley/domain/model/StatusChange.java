package io.parley.domain.model;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One entry of an outbound message's status history: what was reported or decided, when, by whom, and whether it
 * moved the message (a late "Delivered" after "Read" is recorded but not applied).
 *
 * @param source  {@code outbox} (queued), {@code dispatcher} (receipt, failures, retries) or {@code channel} (a
 *                status event)
 */
public record StatusChange(UUID messageId, DeliveryStatus status, Instant at, String errorCode, String errorMessage,
                           String source, boolean applied) {

    public StatusChange {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(source, "source");
    }
}
