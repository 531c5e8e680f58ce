package io.parley.domain.port.out;

import io.parley.domain.model.OutboundMessage;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * The queue of replies waiting to be sent: every outbound message is in it from when it is stored
 * ({@link MessagePort#saveAll}) as long as it is {@code QUEUED}.
 */
public interface OutboxPort {

    /**
     * Locks, until the current transaction ends, up to {@code max} queued messages due at {@code now}, oldest first:
     * at most one per conversation and only where no earlier message of the conversation is still queued (so that
     * a conversation's replies never overtake each other), skipping those another dispatcher holds, by a lock or
     * by an unexpired claim.
     */
    List<OutboundMessage> lockDue(Instant now, int max);

    /**
     * Writes the attempts about to be made and claims their messages until {@code until}: nobody else takes them
     * meanwhile, and if the claimant dies they become due again then.
     */
    void claim(Collection<OutboundMessage> attempts, Instant until);

    /**
     * Writes how attempts ended (or that they were not made) and ends their claims: a message that is still
     * {@code QUEUED} waits for its next attempt time, any other leaves the queue.
     */
    void record(Collection<OutboundMessage> outcomes);

    /**
     * Gives back every claim, whoever holds it. Only for an instance that knows it is alone on the database (an
     * embedded database is opened by one process at a time): claims left by a killed predecessor are then stale.
     *
     * @return how many claims were released
     */
    int releaseAllClaims();

    /**
     * True when no other process can use this database at the same time (an embedded database file, which the
     * process that opened it locks): then claims found at start were left by a predecessor and are stale.
     */
    boolean soleUser();
}
