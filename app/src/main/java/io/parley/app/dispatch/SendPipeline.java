package io.parley.app.dispatch;

import io.parley.domain.port.in.DispatchRepliesUseCase;
import io.parley.domain.port.in.DispatchRepliesUseCase.ClaimedReply;
import io.parley.domain.port.in.DispatchRepliesUseCase.SentReply;
import io.parley.domain.port.out.WorkSignal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code parallelism} sends in flight for the dispatcher: each round records the sends that finished and
 * claims more in one transaction, and hands the claimed replies to sender threads; whenever a send finishes, the
 * loop is woken to record it and claim again, without waiting for the rest of a batch. Replies of one conversation
 * are never in flight together (the claim takes one per conversation), so their order is kept.
 *
 * <p>Called from one thread (the dispatcher loop); the sender threads only send.
 */
public final class SendPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(SendPipeline.class);

    /** Least time between claims while sends are in flight and the queue was found empty. */
    static final Duration CLAIM_INTERVAL = Duration.ofMillis(5);

    private final DispatchRepliesUseCase dispatcher;
    private final int parallelism;
    private final WorkSignal sendFinished;
    private final ExecutorService senders;
    private final Queue<SentReply> finished = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    /** When the last claim ran, and whether it filled all the room it had (then more may be waiting). */
    private long lastClaimNanos;
    private boolean lastClaimFull;

    /**
     * @param sendFinished signalled whenever a send finishes, so that the loop runs {@link #round()} again
     */
    public SendPipeline(DispatchRepliesUseCase dispatcher, int parallelism, WorkSignal sendFinished) {
        this.dispatcher = dispatcher;
        this.parallelism = Math.max(1, parallelism);
        this.sendFinished = sendFinished;
        AtomicInteger threads = new AtomicInteger();
        this.senders = Executors.newFixedThreadPool(this.parallelism, task -> {
            Thread t = new Thread(task, "parley-sender-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Records the sends that finished, then claims and starts more.
     *
     * @return how many replies this round recorded or started (zero: nothing to do until a send finishes, a reply
     * is queued or a retry comes due)
     */
    public int round() {
        List<SentReply> done = drainFinished();
        int room = room();
        if (done.isEmpty() && room == 0) {
            return 0;
        }
        List<ClaimedReply> claimed = dispatcher.recordAndClaim(done, room);
        if (room > 0) {
            lastClaimNanos = System.nanoTime();
            lastClaimFull = claimed.size() == room;
        }
        for (ClaimedReply reply : claimed) {
            inFlight.incrementAndGet();
            senders.execute(() -> {
                try {
                    finished.add(dispatcher.send(reply));
                } finally {
                    inFlight.decrementAndGet();
                    sendFinished.workQueued();
                }
            });
        }
        return done.size() + claimed.size();
    }

    /**
     * How many replies to claim now; 0 to claim none: up to two sends per sender thread, once at least a thread's
     * worth of room is free (so claims come in batches, not one reply at a time); and while sends are in flight
     * after a claim that emptied the queue, not before {@link #CLAIM_INTERVAL} has passed (every finishing send
     * would otherwise run a claim that finds one reply or none). An idle pipeline claims at once, so a new reply
     * waits for no interval.
     */
    private int room() {
        if (!dispatcher.mayClaim()) {
            return 0;
        }
        int busy = inFlight.get();
        int free = 2 * parallelism - busy;
        if (free < parallelism) {
            return 0;
        }
        if (busy > 0 && !lastClaimFull && System.nanoTime() - lastClaimNanos < CLAIM_INTERVAL.toNanos()) {
            return 0;
        }
        return Math.min(dispatcher.batchSize(), free);
    }

    private List<SentReply> drainFinished() {
        List<SentReply> done = new ArrayList<>();
        for (SentReply sent = finished.poll(); sent != null; sent = finished.poll()) {
            done.add(sent);
        }
        return done;
    }

    /**
     * Stops the sender threads, waiting up to {@code timeout} for the sends in flight, and records how they ended.
     * Call it once the loop that runs {@link #round()} has stopped, so that no claim follows.
     */
    public void stop(Duration timeout) {
        senders.shutdown();
        try {
            if (!senders.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                senders.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            senders.shutdownNow();
        }
        try {
            dispatcher.recordAndClaim(drainFinished(), 0);
        } catch (RuntimeException e) {
            // the claims stay; the next start (or another instance, after the lease) sends them again as repeats
            LOG.warn("could not record the last sends' outcomes; they will be repeated", e);
        }
    }
}
