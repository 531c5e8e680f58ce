package io.parley.domain.model;

/**
 * Where an outbound message stands. Statuses only move forward: a late "Delivered" never undoes "Read", and nothing
 * leaves {@link #FAILED} or {@link #READ}.
 */
public enum DeliveryStatus {
    /** Stored in the outbox, not yet handed to ACS. */
    QUEUED(0),
    /** ACS returned a receipt (the acsMessageId). */
    ACCEPTED(1),
    SENT(2),
    DELIVERED(3),
    READ(4),
    /** Terminal, with the channel's error code and message. */
    FAILED(Integer.MAX_VALUE);

    private final int rank;

    DeliveryStatus(int rank) {
        this.rank = rank;
    }

    public boolean isTerminal() {
        return this == READ || this == FAILED;
    }

    /** True when a message in this status may take {@code next}: strictly forward, or a failure before the end. */
    public boolean canMoveTo(DeliveryStatus next) {
        if (isTerminal() || next == this) {
            return false;
        }
        return next == FAILED || next.rank > rank;
    }
}
