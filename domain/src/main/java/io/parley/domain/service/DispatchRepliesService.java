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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The outbox's consumer: claims due replies (one per conversation at a time, so they keep their order), checks the
 * customer service window, sends each through the {@link MessageSender} outside any transaction, then records the
 * receipt or the failure.
 *
 * <p>Exactly once: the attempt (with its repeatability-first-sent) is committed before the send, so a crash at any
 * point leads to a resend of the same request, which ACS answers without sending twice as long as it happens within
 * ACS's repeatability window (5 minutes). Past that window a message is sent again only if no earlier attempt may
 * have reached ACS; otherwise it fails with {@code OUTCOME_UNKNOWN} rather than risk a duplicate.
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
     * @param parallelism how many claimed replies are sent at the same time (each is from another conversation, so
     *                    order within a conversation is kept); 1 sends one after the other on the calling thread
     */
    public record Settings(RetryPolicy retryPolicy, int batchSize, Duration lease, double perChannelPerSecond,
                           CircuitBreaker circuitBreaker, int parallelism) {

        public Settings(RetryPolicy retryPolicy, int batchSize, Duration lease, double perChannelPerSecond,
                        CircuitBreaker circuitBreaker) {
            this(retryPolicy, batchSize, lease, perChannelPerSecond, circuitBreaker, 1);
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

    public DispatchRepliesService(TransactionPort transactions, OutboxPort outbox, MessagePort messages,
                                  ConversationPort conversations, StatusReportPort keptReports,
                                  StatusHistoryPort history, MessageSender sender,
                                  FallbackTemplates fallbackTemplates, Settings settings, Clock clock,
                                  Sleeper sleeper) {
        this(transactions, outbox, messages, conversations, keptReports, history, sender, fallbackTemplates, settings,
                clock, sleeper, DeliveryMetrics.NONE);
    }

    public DispatchRepliesService(TransactionPort transactions, OutboxPort outbox, MessagePort messages,
                                  ConversationPort conversations, StatusReportPort keptReports,
                                  StatusHistoryPort history, MessageSender sender,
                                  FallbackTemplates fallbackTemplates, Settings settings, Clock clock,
                                  Sleeper sleeper,
            DeliveryMetrics metrics) {
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

    @Override
    public int dispatchDue() {
        if (!settings.circuitBreaker().allows(clock.instant())) {
            return 0;
        }
        List<OutboundMessage> claimed = outbox.claimDue(clock.instant(), settings.batchSize(), settings.lease());
        if (claimed.isEmpty()) {
            return 0;
        }
        boolean accepted = false;
        int handled = 0;
        if (senders == null) {
            for (OutboundMessage message : claimed) {
                Boolean outcome = dispatchUnlessPaused(message);
                if (outcome != null) {
                    accepted |= outcome;
                    handled++;
                }
            }
        } else {
            List<Future<Boolean>> outcomes = new ArrayList<>();
            for (OutboundMessage message : claimed) {
                outcomes.add(senders.submit(() -> dispatchUnlessPaused(message)));
            }
            for (Future<Boolean> outcome : outcomes) {
                Boolean result = await(outcome);
                if (result != null) {
                    accepted |= result;
                    handled++;
                }
            }
        }
        if (accepted) {
            reconcileKeptStatuses();
        }
        return handled;
    }

    /** Null when the breaker opened meanwhile and the message was left for after the pause. */
    private Boolean dispatchUnlessPaused(OutboundMessage message) {
        if (!settings.circuitBreaker().allows(clock.instant())) {
            outbox.release(message); // the channel is down: leave the rest for after the pause
            return null;
        }
        return dispatch(message);
    }

    private static Boolean await(Future<Boolean> outcome) {
        try {
            return outcome.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            LOG.log(Level.WARNING, "a send task failed", e.getCause());
            return false;
        }
    }

    /** Stops the sender threads (when parallel); the in-flight sends finish first. */
    public void close() {
        if (senders != null) {
            senders.shutdown();
            try {
                if (!senders.awaitTermination(30, TimeUnit.SECONDS)) {
                    senders.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                senders.shutdownNow();
            }
        }
    }

    /** When the dispatcher may claim again; {@link Instant#EPOCH} when it is not paused. */
    public Instant pausedUntil() {
        return settings.circuitBreaker().pausedUntil();
    }

    private boolean dispatch(OutboundMessage claimed) {
        Instant now = clock.instant();
        try {
            Optional<OutboundMessage> ready = prepare(claimed, now);
            if (ready.isEmpty()) {
                return false;
            }
            OutboundMessage attempt = ready.get();
            transactions.inTransaction(() -> {
                messages.updateOutbound(attempt);
                return null;
            });
            pace(attempt.channelId());
            Duration lag = claimed.nextAttemptAt() == null ? Duration.ZERO
                    : Duration.between(claimed.nextAttemptAt(), now);
            try {
                String receipt = sender.send(attempt);
                settings.circuitBreaker().success();
                metrics.sendFinished("accepted", lag);
                return record(attempt, receipt);
            } catch (SendFailedException failure) {
                if (failure.isTransient()) {
                    settings.circuitBreaker().transientFailure(clock.instant(), failure.retryAfter().orElse(null));
                }
                metrics.sendFinished(failure.isTransient() ? "retry" : "failed", lag);
                recordFailure(attempt, failure);
                return false;
            } catch (RuntimeException bug) {
                // a sender that throws something unexpected must not stop the dispatcher: its outcome is unknown
                LOG.log(Level.WARNING, "sender failed unexpectedly for message " + attempt.id(), bug);
                recordFailure(attempt, SendFailedException.outcomeUnknown("SENDER_ERROR", String.valueOf(bug), bug));
                return false;
            }
        } finally {
            outbox.release(claimed);
        }
    }

    /**
     * The message as it should be attempted now, or empty when it must not be sent: it failed because the
     * customer service window is closed without a fallback template, or because a repeat could deliver it twice.
     */
    private Optional<OutboundMessage> prepare(OutboundMessage claimed, Instant now) {
        OutboundMessage message = claimed;
        if (isFreeForm(message.content())) {
            Optional<Conversation> conversation = conversations.get(message.conversationId());
            boolean open = conversation.map(c -> c.customerServiceWindowOpen(now)).orElse(false);
            if (!open) {
                Optional<OutboundContent.Template> fallback = fallbackTemplates.forChannel(message.channelId());
                if (fallback.isEmpty()) {
                    fail(message, "OUTSIDE_CUSTOMER_SERVICE_WINDOW", "the customer's last message is more than 24 "
                            + "hours old, so WhatsApp allows only templates, and no fallback template is configured "
                            + "for channel " + message.channelId(), now);
                    return Optional.empty();
                }
                message = message.withContent(fallback.get(), MessageOrigin.FALLBACK_TEMPLATE);
            }
        }
        if (message.unsafeToRepeat(now, OutboundMessage.REPEATABILITY_WINDOW)) {
            fail(message, "OUTCOME_UNKNOWN", "an earlier attempt may have reached ACS but its answer was lost, and "
                    + "ACS's repeatability window has passed: not sent again, to never deliver it twice", now);
            return Optional.empty();
        }
        return Optional.of(message.attempt(now));
    }

    private static boolean isFreeForm(OutboundContent content) {
        return !(content instanceof OutboundContent.Template);
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

    private void fail(OutboundMessage message, String code, String reason, Instant now) {
        transactions.inTransaction(() -> {
            messages.lockOutbound(message.id())
                    .filter(current -> current.status() == DeliveryStatus.QUEUED)
                    .flatMap(current -> current.advance(DeliveryStatus.FAILED, code, reason, now))
                    .ifPresent(failed -> {
                        messages.updateOutbound(failed);
                        history.append(new StatusChange(failed.id(), DeliveryStatus.FAILED, now, code, reason,
                                "dispatcher", true));
                    });
            return null;
        });
        LOG.warning(() -> "reply " + message.id() + " failed: " + code + " " + reason);
    }

    private boolean record(OutboundMessage attempt, String receipt) {
        Instant now = clock.instant();
        return transactions.inTransaction(() -> {
            Optional<OutboundMessage> current = messages.lockOutbound(attempt.id());
            if (current.isEmpty() || current.get().status() != DeliveryStatus.QUEUED) {
                return false; // someone else recorded this attempt's outcome first
            }
            messages.updateOutbound(current.get().accepted(receipt, now));
            history.append(new StatusChange(attempt.id(), DeliveryStatus.ACCEPTED, now, null, null, "dispatcher",
                    true));
            return true;
        });
    }

    private void recordFailure(OutboundMessage attempt, SendFailedException failure) {
        Instant now = clock.instant();
        transactions.inTransaction(() -> {
            Optional<OutboundMessage> current = messages.lockOutbound(attempt.id());
            if (current.isEmpty() || current.get().status() != DeliveryStatus.QUEUED) {
                return null;
            }
            OutboundMessage message = current.get();
            Optional<Instant> next = failure.isTransient()
                    ? settings.retryPolicy().nextAttempt(message.createdAt(), message.attempts(), now,
                    failure.retryAfter().orElse(null), () -> ThreadLocalRandom.current().nextDouble())
                    : Optional.empty();
            OutboundMessage updated = next
                    .map(at -> message.retryAt(at, failure.code(), failure.getMessage(), failure.isOutcomeUnknown()))
                    .orElseGet(() -> message.advance(DeliveryStatus.FAILED, failure.code(),
                            describe(failure), now).orElseThrow());
            messages.updateOutbound(updated);
            history.append(new StatusChange(message.id(), updated.status(), now, failure.code(),
                    updated.status() == DeliveryStatus.FAILED ? describe(failure)
                            : "will retry at " + updated.nextAttemptAt() + ": " + failure.getMessage(),
                    "dispatcher", updated.status() == DeliveryStatus.FAILED));
            if (updated.status() == DeliveryStatus.FAILED) {
                LOG.warning(() -> "reply " + message.id() + " failed after " + message.attempts() + " attempt(s): "
                        + failure.code() + " " + failure.getMessage());
            }
            return null;
        });
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
