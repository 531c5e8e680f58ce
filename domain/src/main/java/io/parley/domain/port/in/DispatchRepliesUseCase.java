package io.parley.domain.port.in;

/** Sends what waits in the outbox. */
public interface DispatchRepliesUseCase {

    /**
     * Records the outcomes of sends that finished, then claims due replies and sends them (on the calling thread,
     * or on the dispatcher's sender threads, whose outcomes the next round records).
     *
     * @return how many replies this round recorded or handed to the channel; zero when there is nothing to do
     */
    int dispatchDue();

    /**
     * Takes over the outbox after a crash when this instance is the database's only user, instead of waiting for
     * the dead instance's leases to run out. Safe because every resend carries the original repeatability id.
     *
     * @return how many claims were taken over
     */
    int recoverAsOnlyInstance();

    /** Applies kept status reports whose message is now known; returns how many it applied or discarded. */
    int reconcileKeptStatuses();

    /**
     * Stops sending: waits up to {@code timeout} for the sends in flight and records their outcomes. Replies still
     * claimed afterwards are sent again, as the same requests, by the next start or by another instance.
     */
    void stop(java.time.Duration timeout);
}
