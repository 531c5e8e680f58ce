package io.parley.adapters.eventgrid;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.core.annotation.Nullable;
import io.parley.domain.port.in.EventCommand;
import io.parley.domain.port.in.IngestEventsUseCase;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for the webhook: the events of deliveries that arrive while a transaction is running are taken in
 * together by the next one. A delivery's answer waits for the commit that contains its events, so "200 only once
 * stored" holds, but a thousand deliveries a second cost tens of transactions instead of a thousand, and their rows
 * go to the database in batches.
 *
 * <p>No delivery waits for others to arrive: a writer takes whatever is queued when it is free. When a shared
 * transaction fails, each delivery of it is tried again alone, so that one delivery's problem is that delivery's
 * answer only. The queue is bounded; when it is full the delivery is refused at once with a 503 (Event Grid
 * retries) rather than answered late.
 */
@Singleton
class GroupCommit {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

    /** The events of one delivery and the answer its request waits for. */
    private record Pending(List<EventCommand> commands, CompletableFuture<List<IngestEventsUseCase.Outcome>> done) {
    }

    /** Every writer is busy and the queue is full: the delivery should come again later. */
    static final class OverloadedException extends RuntimeException {
        OverloadedException(int capacity) {
            super("more than " + capacity + " deliveries are waiting to be stored; try again later");
        }
    }

    private final IngestEventsUseCase ingest;
    private final int maxEvents;
    private final BlockingQueue<Pending> queue;
    private final int capacity;
    private final List<Thread> writers = new ArrayList<>();
    private final DistributionSummary groupSizes;
    private volatile boolean running = true;

    @Inject
    GroupCommit(IngestEventsUseCase ingest, WebhookSettings settings, @Nullable MeterRegistry meters) {
        this(ingest, settings.writers(), settings.maxEventsPerTransaction(), settings.queueCapacity(), meters);
    }

    GroupCommit(IngestEventsUseCase ingest, int writerCount, int maxEvents, int queueCapacity,
                @Nullable MeterRegistry meters) {
        this.ingest = ingest;
        this.maxEvents = Math.max(1, maxEvents);
        this.capacity = Math.max(1, queueCapacity);
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.groupSizes = meters == null ? null : DistributionSummary.builder("parley.ingest.transaction.events")
                .description("events taken in per database transaction of the webhook")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
        if (meters != null) {
            meters.gauge("parley.ingest.queue.deliveries", queue, BlockingQueue::size);
        }
        for (int i = 1; i <= Math.max(1, writerCount); i++) {
            Thread writer = new Thread(this::write, "parley-ingest-" + i);
            writer.setDaemon(true);
            writer.start();
            writers.add(writer);
        }
    }

    /** Queues the events of one delivery; the future completes once they are committed, or fails. */
    CompletableFuture<List<IngestEventsUseCase.Outcome>> submit(List<EventCommand> commands) {
        CompletableFuture<List<IngestEventsUseCase.Outcome>> done = new CompletableFuture<>();
        if (commands.isEmpty()) {
            done.complete(List.of());
        } else if (!running || !queue.offer(new Pending(commands, done))) {
            done.completeExceptionally(new OverloadedException(capacity));
        }
        return done;
    }

    private void write() {
        List<Pending> group = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.clear();
                group.add(first);
                int events = first.commands().size();
                for (Pending next = queue.peek(); next != null && events + next.commands().size() <= maxEvents;
                     next = queue.peek()) {
                    Pending taken = queue.poll();
                    if (taken == null) {
                        break;
                    }
                    group.add(taken);
                    events += taken.commands().size();
                }
                commit(group, events);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error unexpected) {
                // never let a writer die, nor a delivery wait for ever: whatever of the group is unanswered fails
                LOG.error("webhook writer failed unexpectedly; answering its deliveries 503", unexpected);
                group.forEach(pending -> pending.done().completeExceptionally(unexpected));
            }
        }
    }

    private void commit(List<Pending> group, int events) {
        if (group.size() == 1) {
            commitAlone(group.get(0));
            return;
        }
        List<EventCommand> all = new ArrayList<>(events);
        group.forEach(p -> all.addAll(p.commands()));
        List<IngestEventsUseCase.Outcome> outcomes;
        try {
            outcomes = ingest.ingest(all);
        } catch (RuntimeException | Error failure) {
            LOG.debug("a shared transaction of {} deliveries failed; storing each alone", group.size(), failure);
            group.forEach(this::commitAlone);
            return;
        }
        record(events);
        int from = 0;
        for (Pending pending : group) {
            int to = from + pending.commands().size();
            pending.done().complete(List.copyOf(outcomes.subList(from, to)));
            from = to;
        }
    }

    private void commitAlone(Pending pending) {
        try {
            List<IngestEventsUseCase.Outcome> outcomes = ingest.ingest(pending.commands());
            record(pending.commands().size());
            pending.done().complete(outcomes);
        } catch (RuntimeException | Error failure) {
            pending.done().completeExceptionally(failure);
        }
    }

    private void record(int events) {
        if (groupSizes != null) {
            groupSizes.record(events);
        }
    }

    /**
     * Stops taking deliveries; what is queued is still stored (the server's graceful shutdown waits for it). A
     * delivery that was queued as the last writer left is answered 503, never left waiting.
     */
    @PreDestroy
    void stop() {
        running = false;
        for (Thread writer : writers) {
            try {
                writer.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Pending left = queue.poll(); left != null; left = queue.poll()) {
            left.done().completeExceptionally(new OverloadedException(capacity));
        }
    }
}
