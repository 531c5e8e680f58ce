package io.parley.domain.port.out;

/** Tells whoever drives the dispatcher that replies were committed to the outbox, so it need not wait to poll. */
public interface OutboxSignal {

    void repliesQueued();

    OutboxSignal NONE = () -> { };
}
