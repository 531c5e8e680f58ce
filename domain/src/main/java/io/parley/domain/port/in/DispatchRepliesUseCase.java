package io.parley.domain.port.in;

/** Sends what waits in the outbox. */
public interface DispatchRepliesUseCase {

    /**
     * Claims due replies, sends them and records each outcome.
     *
     * @return how many replies were handed to the channel in this round (accepted or not)
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
}
