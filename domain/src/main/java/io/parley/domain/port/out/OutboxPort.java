package io.parley.domain.port.out;

import io.parley.domain.model.OutboundMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The queue of replies waiting to be sent. */
public interface OutboxPort {

    /**
     * Claims up to {@code max} queued messages due at {@code now}, oldest first, at most one per conversation (so
     * that a conversation's replies never overtake each other), and only where no earlier message of the
     * conversation is still queued. A claim is a lease: if its holder dies, the message becomes claimable again
     * after {@code lease}. Commits the claim before returning.
     */
    List<OutboundMessage> claimDue(Instant now, int max, Duration lease);

    /**
     * Gives back every claim, whoever holds it. Only for an instance that knows it is alone on the database (an
     * embedded database is opened by one process at a time): claims left by a killed predecessor are then stale.
     *
     * @return how many claims were released
     */
    int releaseAllClaims();

    /** Gives a claim back before its lease ends (after the attempt was recorded). */
    void release(OutboundMessage message);
}
