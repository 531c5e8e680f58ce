package io.parley.domain.port.out;

import io.parley.domain.model.ScheduledWork;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** The durable queue of work that waits or leaves the process (flow timeouts, flow calls). */
public interface ScheduledWorkPort {

    /** Queues work in the current transaction. */
    void scheduleAll(Collection<ScheduledWork> work);

    /**
     * Claims up to {@code max} items due at {@code now}, oldest due first, skipping those another instance holds (by
     * a lock or an unexpired claim), for {@code lease}; commits the claim before returning.
     */
    List<ScheduledWork> claimDue(Instant now, int max, Duration lease);

    /** Removes finished work, in the current transaction; false when it was gone already (done by another). */
    boolean finish(UUID id);

    /** Gives the claim up and makes the work due again at {@code work.dueAt()}, in the current transaction. */
    void reschedule(ScheduledWork work);

    /** Gives back every claim, whoever holds it (see {@link OutboxPort#releaseAllClaims()}). */
    int releaseAllClaims();

    /** How many items are queued (due or not). */
    long queued();
}
