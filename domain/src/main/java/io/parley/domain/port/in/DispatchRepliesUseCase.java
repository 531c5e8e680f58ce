package io.parley.domain.port.in;

import io.parley.domain.model.OutboundMessage;
import io.parley.domain.model.SendOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Sends what waits in the outbox, in three steps that whoever drives it may run on different threads: claim due
 * replies (one transaction), send each (no transaction, no database), record how the sends ended (one
 * transaction, together with the next claim). {@link #dispatchDue()} runs the three in a row on the calling thread.
 */
public interface DispatchRepliesUseCase {

    /** A claimed reply as it is about to be sent: {@code claimed} as it was, {@code attempt} with this attempt. */
    record ClaimedReply(OutboundMessage claimed, OutboundMessage attempt, Duration lag) {
    }

    /** How the send of a claimed reply ended. */
    record SentReply(ClaimedReply reply, SendOutcome outcome) {
    }

    /**
     * One transaction: records how {@code finished} sends ended (and any whose recording failed before), then
     * claims up to {@code max} due replies (none for 0), failing those that must not be sent. If the transaction
     * fails, the outcomes are kept for the next call: those sends happened.
     */
    List<ClaimedReply> recordAndClaim(List<SentReply> finished, int max);

    /** Sends one claimed reply on the calling thread, paced per channel; not tried while the dispatcher is paused. */
    SentReply send(ClaimedReply reply);

    /** True unless consecutive transient failures have paused claiming. */
    boolean mayClaim();

    /** When the dispatcher may claim again; {@link Instant#EPOCH} when it is not paused. */
    Instant pausedUntil();

    /** The most replies one claim takes. */
    int batchSize();

    /**
     * A whole round on the calling thread: claims a batch, sends it, records the outcomes.
     *
     * @return how many replies this round recorded or sent; zero when there is nothing to do
     */
    int dispatchDue();

    /**
     * Takes over the outbox after a crash when this instance is the database's only possible user (the database
     * says so), instead of waiting for the dead instance's leases to run out; does nothing otherwise. Safe because
     * every resend carries the original repeatability id.
     *
     * @return how many claims were taken over
     */
    int recoverAsOnlyInstance();

    /** Applies kept status reports whose message is now known; returns how many it applied or discarded. */
    int reconcileKeptStatuses();
}
