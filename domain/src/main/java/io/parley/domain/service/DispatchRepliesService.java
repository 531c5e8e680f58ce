package io.parley.domain.service;

import io.parley.domain.model.ChannelRateLimiter;
import io.parley.domain.model.CircuitBreaker;
import io.parley.domain.model.Conversation;
import io.parley.domain.model.DeliveryStatus;
import io.parley.domain.model.MessageOrigin;
import io.parley.domain.model.OutboundContent;
import io.parley.domain.model.OutboundMessage;
import io.parley.domain.model.RetryPolicy;
import io.parley.domain.model.StatusChange;
import io.parley.domain.model.StatusReport;
import io.parley.domain.port.in.DispatchRepliesUseCase;
import io.parley.domain.port.out.ConversationPort;
import io.parley.domain.port.out.FallbackTemplates;
import io.parley.domain.port.out.DeliveryMetrics;
import io.parley.domain.port.out.MessagePort;
import io.parley.domain.port.out.MessageSender;
import io.parley.domain.port.out.OutboxPort;
import io.parley.domain.port.out.SendFailedException;
import io.parley.domain.port.out.StatusHistoryPort;
import io.parley.domain.port.out.StatusReportPort;
import io.parley.domain.port.out.TransactionPort;
import io.parley.domain.port.out.WorkSignal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The outbox's consumer: claims due replies (one per conversation at a time, so they keep their order), checks the
 * customer service window, sends each through the {@link MessageSender} outside any transaction, then records the
 * receipt or the failure.
 *
 * <p>Exactly once: the attempt (with its repeatability-first-sent) is committed with the claim, before the send, so
 * a crash at any point leads to a resend of the same request, which ACS answers without sending twice as long as it
 * happens within ACS's repeatability window (5 minutes). Past that window a message is sent again only if no
 * earlier attempt may have reached ACS; otherwise it fails with {@code OUTCOME_UNKNOWN} rather than risk a
 * duplicate.
 *
 * <p>Batches, not rows: a claim locks, checks and writes the attempts of many replies in one transaction, and the
 * outcomes of the sends that finished meanwhile are written together in one more. With {@code parallelism} above
 * one the sends run on their own threads and the dispatcher keeps them busy: whenever a send finishes it records
 * what finished and claims more, without waiting for the rest of a batch.
 *
 * <p>No retry storm: consecutive transient failures open a {@link CircuitBreaker} that pauses all claiming, and
 * sends on one channel are spaced by a {@link ChannelRateLimiter}.
 */
public final class DispatchRepliesService implements DispatchRepliesUseCase {

    private static final Logger LOG = Logger.getLogger(DispatchRepliesService.class.getName());

    /** Waits, so that tests can move a clock instead. */
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;

        Sleeper REAL = d -> Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));
    }

    /**
     * How the dispatcher paces itself.
     *
     * @param batchSize   most replies one claim takes
     * @param parallelism how many replies are sent at the same time (each is from another conversation, so order
     *                    within a conversation is kept); 1 sends one after the other on the calling thread
     */
    public record Settings(RetryPolicy retryPolicy, int batchSize, Duration lease, double perChannelPerSecond,
                           CircuitBreaker circuitBreaker, int parallelism) {

        public Settings(RetryPolicy retryPolicy, int batchSize, Duration lease, double perChannelPerSecond,
                        CircuitBreaker circuitBreaker) {
            this(retryPolicy, batchSize, lease, perChannelPerSecond, circuitBreaker, 1);
        }
    }

    /** A claimed reply as it is about to be sent; {@code claimed} is how it was before the attempt was written. */
    private record Attempt(OutboundMessage claimed, OutboundMessage attempt, Duration lag) {
    }

    /** How a send ended: a receipt, a failure, or not tried because the breaker opened meanwhile. */
    private record Sent(Attempt attempt, String receipt, SendFailedException failure) {

        boolean skipped() {
            return receipt == null && failure == null;
        }
    }

    private final TransactionPort transactions;
    private final OutboxPort outbox;
    private final MessagePort messages;
    private final ConversationPort conversations;
    private final StatusReportPort keptReports;
    private final StatusHistoryPort history;
    private final MessageSender sender;
    private final FallbackTemplates fallbackTemplates;
    private final Settings settings;
    private final ChannelRateLimiter rateLimiter;
    private final Clock clock;
    private final DeliveryMetrics metrics;
    private final Sleeper sleeper;
    private final ExecutorService senders;
    private final WorkSignal sendFinished;
    private final Queue<Sent> finished = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    /** When the last claim ran, and whether it filled all the room it had (then more may be waiting). */
    private volatile long lastClaimNanos;
    private volatile boolean lastClaimFull;
    /** Least time between claims while sends are in flight and the queue was found empty. */
    static final Duration CLAIM_INTERVAL = Duration.ofMillis(5);

    public DispatchRepliesService(TransactionPort transactions, OutboxPort outbox, MessagePort messages,
                                  ConversationPort conversations, StatusReportPort keptReports,
                                  StatusHistoryPort history, MessageSender sender,
                                  FallbackTemplates fallbackTemplates, Settings settings, Clock clock,
                                  Sleeper sleeper) {
        this(transactions, outbox, messages, conversations, keptReports, history, sender, fallbackTemplates, settings,
                clock, sleeper, DeliveryMetrics.NONE, () -> { });
    }

    /**
     * @param sendFinished signalled whenever a parallel send finishes, so that whoever drives the dispatcher calls
     *                     {@link #dispatchDue()} again to record it and claim more
     */
    public DispatchRepliesService(TransactionPort transactions, OutboxPort outbox, MessagePort messages,
                                  ConversationPort conversations, StatusReportPort keptReports,
                                  StatusHistoryPort history, MessageSender sender,
                                  FallbackTemplates fallbackTemplates, Settings settings, Clock clock,
                                  Sleeper sleeper, DeliveryMetrics metrics, WorkSignal sendFinished) {
        this.metrics = metrics;
        this.transactions = transactions;
        this.outbox = outbox;
        this.messages = messages;
        this.conversations = conversations;
        this.keptReports = keptReports;
        this.history = history;
        this.sender = sender;
        this.fallbackTemplates = fallbackTemplates;
        this.settings = settings;
        this.rateLimiter = new ChannelRateLimiter(settings.perChannelPerSecond());
        this.clock = clock;
        this.sleeper = sleeper;
        this.sendFinished = sendFinished;
        this.senders = settings.parallelism() <= 1 ? null : Executors.newFixedThreadPool(settings.parallelism(),
                new ThreadFactory() {
                    private final AtomicInteger count = new AtomicInteger();

                    @Override
                    public Thread newThread(Runnable task) {
                        Thread t = new Thread(task, "parley-sender-" + count.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    }
                });
    }

    /**
     * Records the sends that finished, then claims and starts more. Without parallelism the claimed replies are
     * sent on the calling thread and recorded before this returns.
     *
     * @return how many replies this round recorded or started (zero: nothing to do until a send finishes, a reply
     * is queued or a retry comes due)
     */
    @Override
    public int dispatchDue() {
        List<Sent> done = drainFinished();
        Instant now = clock.instant();
        int room = room(now);
        if (done.isEmpty() && room == 0) {
            return 0;
        }
        // one transaction per round: what finished is recorded, and what is due is claimed
        List<String> warnings = new ArrayList<>();
        List<Attempt> attempts = inRoundTransaction(done, () -> {
            warnings.clear();
            recordInTransaction(done, now, warnings);
            return room == 0 ? List.<Attempt>of() : claimInTransaction(room, now, warnings);
        });
        warnings.forEach(LOG::warning);
        if (room > 0) {
            lastClaimNanos = System.nanoTime();
            lastClaimFull = attempts.size() == room;
        }
        if (senders == null) {
            List<Sent> sent = new ArrayList<>(attempts.size());
            for (Attempt attempt : attempts) {
                sent.add(sendUnlessPaused(attempt));
            }
            record(sent);
        } else {
            for (Attempt attempt : attempts) {
                inFlight.incrementAndGet();
                senders.execute(() -> {
                    try {
                        finished.add(sendUnlessPaused(attempt));
                    } finally {
                        inFlight.decrementAndGet();
                        sendFinished.workQueued();
                    }
                });
            }
        }
        return done.size() + attempts.size();
    }

    /**
     * How many replies to claim now; 0 to claim none. Without parallelism: a batch. With it: up to two sends per
     * sender thread, once at least a thread's worth of room is free (so claims come in batches, not one reply at a
     * time); and while sends are in flight after a claim that emptied the queue, not before
     * {@link #CLAIM_INTERVAL} has passed (every finishing send would otherwise run a claim that finds one reply or
     * none). An idle dispatcher claims at once, so a new reply waits for no interval.
     */
    private int room(Instant now) {
        if (!settings.circuitBreaker().allows(now)) {
            return 0;
        }
        if (senders == null) {
            return settings.batchSize();
        }
        int busy = inFlight.get();
        int free = 2 * settings.parallelism() - busy;
        if (free < settings.parallelism()) {
            return 0;
        }
        if (busy > 0 && !lastClaimFull && System.nanoTime() - lastClaimNanos < CLAIM_INTERVAL.toNanos()) {
            return 0;
        }
        return Math.min(settings.batchSize(), free);
    }

    /** Stops the sender threads, waiting for the sends in flight, and records how they ended. */
    @Override
    public void stop(Duration timeout) {
        if (senders == null) {
            return;
        }
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
            recordFinished();
        } catch (RuntimeException e) {
            // the claims stay; the next start (or another instance, after the lease) sends them again as repeats
            LOG.log(Level.WARNING, "could not record the last sends' outcomes; they will be repeated", e);
        }
    }

    /** {@link #stop} with 30 s for the sends in flight. */
    public void close() {
        stop(Duration.ofSeconds(30));
    }

    /** When the dispatcher may claim again; {@link Instant#EPOCH} when it is not paused. */
    public Instant pausedUntil() {
        return settings.circuitBreaker().pausedUntil();
    }

    private List<Sent> drainFinished() {
        List<Sent> done = new ArrayList<>();
        for (Sent sent = finished.poll(); sent != null; sent = finished.poll()) {
            done.add(sent);
        }
        return done;
    }

    private int recordFinished() {
        List<Sent> done = drainFinished();
        record(done);
        return done.size();
    }

    /**
     * Inside the round's transaction: locks the due replies, checks each (the customer service window, the
     * repeatability window), fails those that must not be sent, and writes the attempts of the others with their
     * claim.
     */
    private List<Attempt> claimInTransaction(int max, Instant now, List<String> failures) {
        List<OutboundMessage> due = outbox.lockDue(now, max);
        if (due.isEmpty()) {
            return List.of();
        }
        Set<UUID> freeForm = new LinkedHashSet<>();
        for (OutboundMessage m : due) {
            if (isFreeForm(m.content())) {
                freeForm.add(m.conversationId());
            }
        }
        Map<UUID, Conversation> windows = freeForm.isEmpty() ? Map.of() : conversations.getAll(freeForm);
        List<Attempt> ready = new ArrayList<>(due.size());
        List<OutboundMessage> failed = new ArrayList<>();
        List<StatusChange> changes = new ArrayList<>();
        for (OutboundMessage claimed : due) {
            String[] failure = new String[2];
            Optional<OutboundMessage> attempt = prepare(claimed, windows.get(claimed.conversationId()), now,
                    failure);
            if (attempt.isPresent()) {
                Duration lag = claimed.nextAttemptAt() == null ? Duration.ZERO
                        : Duration.between(claimed.nextAttemptAt(), now);
                ready.add(new Attempt(claimed, attempt.get(), lag));
            } else {
                claimed.advance(DeliveryStatus.FAILED, failure[0], failure[1], now).ifPresent(f -> {
                    failed.add(f);
                    changes.add(new StatusChange(f.id(), DeliveryStatus.FAILED, now, failure[0], failure[1],
                            "dispatcher", true));
                    failures.add("reply " + f.id() + " failed: " + failure[0] + " " + failure[1]);
                });
            }
        }
        if (!failed.isEmpty()) {
            outbox.record(failed);
            history.appendAll(changes);
        }
        if (!ready.isEmpty()) {
            outbox.claim(ready.stream().map(Attempt::attempt).toList(), now.plus(settings.lease()));
        }
        return ready;
    }

    /**
     * The message as it should be attempted now, or empty when it must not be sent (then {@code failure} holds the
     * code and the reason): the customer service window is closed and no fallback template is configured, or a
     * repeat could deliver it twice.
     */
    private Optional<OutboundMessage> prepare(OutboundMessage claimed, Conversation conversation, Instant now,
                                              String[] failure) {
        OutboundMessage message = claimed;
        if (isFreeForm(message.content())) {
            boolean open = conversation != null && conversation.customerServiceWindowOpen(now);
            if (!open) {
                Optional<OutboundContent.Template> fallback = fallbackTemplates.forChannel(message.channelId());
                if (fallback.isEmpty()) {
                    failure[0] = "OUTSIDE_CUSTOMER_SERVICE_WINDOW";
                    failure[1] = "the customer's last message is more than 24 hours old, so WhatsApp allows only "
                            + "templates, and no fallback template is configured for channel " + message.channelId();
                    return Optional.empty();
                }
                message = message.withContent(fallback.get(), MessageOrigin.FALLBACK_TEMPLATE);
            }
        }
        if (message.unsafeToRepeat(now, OutboundMessage.REPEATABILITY_WINDOW)) {
            failure[0] = "OUTCOME_UNKNOWN";
            failure[1] = "an earlier attempt may have reached ACS but its answer was lost, and ACS's repeatability "
                    + "window has passed: not sent again, to never deliver it twice";
            return Optional.empty();
        }
        return Optional.of(message.attempt(now));
    }

    private static boolean isFreeForm(OutboundContent content) {
        return !(content instanceof OutboundContent.Template);
    }

    /** Sends one attempt, unless the breaker opened since it was claimed (the channel is down: it waits). */
    private Sent sendUnlessPaused(Attempt attempt) {
        if (!settings.circuitBreaker().allows(clock.instant())) {
            return new Sent(attempt, null, null);
        }
        pace(attempt.attempt().channelId());
        try {
            String receipt = sender.send(attempt.attempt());
            settings.circuitBreaker().success();
            metrics.sendFinished("accepted", attempt.lag());
            return new Sent(attempt, receipt, null);
        } catch (SendFailedException failure) {
            if (failure.isTransient()) {
                settings.circuitBreaker().transientFailure(clock.instant(), failure.retryAfter().orElse(null));
            }
            metrics.sendFinished(failure.isTransient() ? "retry" : "failed", attempt.lag());
            return new Sent(attempt, null, failure);
        } catch (RuntimeException bug) {
            // a sender that throws something unexpected must not stop the dispatcher: its outcome is unknown
            LOG.log(Level.WARNING, "sender failed unexpectedly for message " + attempt.attempt().id(), bug);
            return new Sent(attempt, null,
                    SendFailedException.outcomeUnknown("SENDER_ERROR", String.valueOf(bug), bug));
        }
    }

    private void pace(String channelId) {
        Duration wait = rateLimiter.reserve(channelId, clock.instant());
        if (!wait.isZero() && !wait.isNegative()) {
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * One transaction for the outcomes of several sends: receipts, retries and failures are written, and replies not
     * tried (the breaker opened) are put back as they were. Each write ends its reply's claim.
     */
    private void record(List<Sent> done) {
        if (done.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        List<String> failures = new ArrayList<>();
        inRoundTransaction(done, () -> {
            failures.clear();
            recordInTransaction(done, now, failures);
            return null;
        });
        failures.forEach(LOG::warning);
    }

    /**
     * A round's transaction, run again when it conflicts with another dispatcher's (on H2 two rounds deleting
     * overlapping outbox rows can deadlock). If it still fails, the outcomes it was to record go back to the
     * finished sends for the next round: those sends happened, and dropping their outcomes would have them sent
     * again once their claims expire.
     */
    private <T> T inRoundTransaction(List<Sent> done, Supplier<T> work) {
        try {
            return transactions.inTransactionRetryingConflicts(ROUND_ATTEMPTS, work);
        } catch (RuntimeException failure) {
            finished.addAll(done);
            throw failure;
        }
    }

    /** How many times a round's transaction is tried when it conflicts with another. */
    static final int ROUND_ATTEMPTS = 3;

    private void recordInTransaction(List<Sent> done, Instant now, List<String> failures) {
        if (done.isEmpty()) {
            return;
        }
        Map<UUID, OutboundMessage> current = messages.lockOutbound(
                done.stream().map(s -> s.attempt().attempt().id()).toList());
        List<OutboundMessage> updates = new ArrayList<>(done.size());
        List<StatusChange> changes = new ArrayList<>(done.size());
        Map<String, Integer> acceptedAt = new HashMap<>();
        for (Sent sent : done) {
            OutboundMessage message = current.get(sent.attempt().attempt().id());
            if (message == null || message.status() != DeliveryStatus.QUEUED) {
                continue; // someone else recorded this attempt's outcome first
            }
            if (sent.receipt() == null && message.attempts() != sent.attempt().attempt().attempts()) {
                // fenced: this send outlasted its claim and another dispatcher has claimed the reply since; only
                // a receipt is still news (ACS accepted the same repeatable request), a failure or a skip would
                // overwrite the newer attempt while it is in flight
                LOG.warning(() -> "ignored the outcome of an attempt at reply " + message.id()
                        + " that outlasted its claim (PARLEY_DISPATCHER_LEASE); attempt "
                        + message.attempts() + " holds it now");
                continue;
            }
            if (sent.skipped()) {
                updates.add(sent.attempt().claimed());
            } else if (sent.receipt() != null) {
                acceptedAt.put(sent.receipt(), updates.size());
                updates.add(message.accepted(sent.receipt(), now));
                changes.add(new StatusChange(message.id(), DeliveryStatus.ACCEPTED, now, null, null,
                        "dispatcher", true));
            } else {
                OutboundMessage updated = afterFailure(message, sent.failure(), now);
                updates.add(updated);
                boolean givenUp = updated.status() == DeliveryStatus.FAILED;
                changes.add(new StatusChange(message.id(), updated.status(), now, sent.failure().code(),
                        givenUp ? describe(sent.failure())
                                : "will retry at " + updated.nextAttemptAt() + ": " + sent.failure().getMessage(),
                        "dispatcher", givenUp));
                if (givenUp) {
                    failures.add("reply " + message.id() + " failed after " + message.attempts()
                            + " attempt(s): " + sent.failure().code() + " " + sent.failure().getMessage());
                }
            }
        }
        if (!acceptedAt.isEmpty()) {
            // statuses that beat their receipt here were kept: they apply now, in the same write
            for (StatusReport early : keptReports.takeFor(acceptedAt.keySet())) {
                int at = acceptedAt.get(early.acsMessageId());
                OutboundMessage message = updates.get(at);
                Optional<OutboundMessage> advanced = message.advance(early.status(), early.errorCode(),
                        early.errorMessage(), early.reportedAt());
                advanced.ifPresent(m -> updates.set(at, m));
                changes.add(new StatusChange(message.id(), early.status(), early.reportedAt(), early.errorCode(),
                        early.errorMessage(), "channel", advanced.isPresent()));
            }
        }
        outbox.record(updates);
        history.appendAll(changes);
    }

    /** Queued again for a later attempt, or failed when the failure is permanent or retrying has run out. */
    private OutboundMessage afterFailure(OutboundMessage message, SendFailedException failure, Instant now) {
        Optional<Instant> next = failure.isTransient()
                ? settings.retryPolicy().nextAttempt(message.createdAt(), message.attempts(), now,
                failure.retryAfter().orElse(null), () -> ThreadLocalRandom.current().nextDouble())
                : Optional.empty();
        return next
                .map(at -> message.retryAt(at, failure.code(), failure.getMessage(), failure.isOutcomeUnknown()))
                .orElseGet(() -> message.advance(DeliveryStatus.FAILED, failure.code(), describe(failure), now)
                        .orElseThrow());
    }

    private static String describe(SendFailedException failure) {
        return failure.isTransient()
                ? "gave up retrying: " + failure.getMessage()
                : failure.getMessage();
    }

    @Override
    public int recoverAsOnlyInstance() {
        int released = outbox.releaseAllClaims();
        if (released > 0) {
            LOG.info(() -> "took over " + released + " reply claim(s) left by a previous run");
        }
        return released;
    }

    @Override
    public int reconcileKeptStatuses() {
        return transactions.inTransaction(() -> {
            List<StatusReport> matched = keptReports.takeMatched(settings.batchSize());
            for (StatusReport report : matched) {
                messages.lockOutboundByAcsMessageId(report.acsMessageId())
                        .ifPresent(message -> RecordDeliveryStatusService.apply(messages, history, message, report));
            }
            return matched.size();
        });
    }
}
