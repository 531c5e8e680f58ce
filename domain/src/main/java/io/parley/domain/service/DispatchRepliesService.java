package io.parley.domain.service;

import io.parley.domain.model.ChannelPolicy;
import io.parley.domain.model.ChannelRateLimiter;
import io.parley.domain.model.CircuitBreaker;
import io.parley.domain.model.Conversation;
import io.parley.domain.model.DeliveryStatus;
import io.parley.domain.model.OutboundMessage;
import io.parley.domain.model.RetryPolicy;
import io.parley.domain.model.SendOutcome;
import io.parley.domain.model.StatusChange;
import io.parley.domain.model.StatusReport;
import io.parley.domain.model.Tally;
import io.parley.domain.port.in.DispatchRepliesUseCase;
import io.parley.domain.port.out.ConversationPort;
import io.parley.domain.port.out.DeliveryMetrics;
import io.parley.domain.port.out.FallbackTemplates;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The outbox's consumer: claims due replies (one per conversation at a time, so they keep their order), checks each
 * against the {@link SendPolicy}, sends it through the {@link MessageSender} outside any transaction, and records
 * the outcome ({@link SendOutcomes}). Plain single-threaded steps: whoever drives them (the app's dispatch loop)
 * decides how many sends run at once.
 *
 * <p>Exactly once: the attempt (with its repeatability-first-sent) is committed with the claim, before the send, so
 * a crash at any point leads to a resend of the same request, which ACS answers without sending twice as long as it
 * happens within the channel's repeatability window ({@link ChannelPolicy}). Past that window a message is sent
 * again only if no earlier attempt may have reached the channel; otherwise it fails with {@code OUTCOME_UNKNOWN}
 * rather than risk a duplicate.
 *
 * <p>No retry storm: consecutive transient failures open a {@link CircuitBreaker} that pauses all claiming, and
 * sends on one channel are spaced by a {@link ChannelRateLimiter}.
 */
public final class DispatchRepliesService implements DispatchRepliesUseCase {

    private static final Logger LOG = Logger.getLogger(DispatchRepliesService.class.getName());

    /** How many times a round's transaction is tried when it conflicts with another. */
    static final int ROUND_ATTEMPTS = 3;

    /** Waits, so that tests can move a clock instead. */
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;

        Sleeper REAL = d -> Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));
    }

    /**
     * How the dispatcher paces itself.
     *
     * @param batchSize most replies one claim takes
     */
    public record Settings(RetryPolicy retryPolicy, int batchSize, Duration lease, double perChannelPerSecond,
                           CircuitBreaker circuitBreaker) {
    }

    private final TransactionPort transactions;
    private final OutboxPort outbox;
    private final MessagePort messages;
    private final ConversationPort conversations;
    private final StatusReportPort keptReports;
    private final StatusHistoryPort history;
    private final MessageSender sender;
    private final Settings settings;
    private final SendPolicy policy;
    private final SendOutcomes outcomes;
    private final ChannelRateLimiter rateLimiter;
    private final Clock clock;
    private final DeliveryMetrics metrics;
    private final Sleeper sleeper;
    /** Outcomes whose recording transaction failed: the next round records them (those sends happened). */
    private final Queue<SentReply> unrecorded = new ConcurrentLinkedQueue<>();

    public DispatchRepliesService(TransactionPort transactions, OutboxPort outbox, MessagePort messages,
                                  ConversationPort conversations, StatusReportPort keptReports,
                                  StatusHistoryPort history, MessageSender sender,
                                  FallbackTemplates fallbackTemplates, ChannelPolicy channel, Settings settings,
                                  Clock clock, Sleeper sleeper) {
        this(transactions, outbox, messages, conversations, keptReports, history, sender, fallbackTemplates, channel,
                settings, clock, sleeper, DeliveryMetrics.NONE);
    }

    public DispatchRepliesService(TransactionPort transactions, OutboxPort outbox, MessagePort messages,
                                  ConversationPort conversations, StatusReportPort keptReports,
                                  StatusHistoryPort history, MessageSender sender,
                                  FallbackTemplates fallbackTemplates, ChannelPolicy channel, Settings settings,
                                  Clock clock, Sleeper sleeper, DeliveryMetrics metrics) {
        this.transactions = transactions;
        this.outbox = outbox;
        this.messages = messages;
        this.conversations = conversations;
        this.keptReports = keptReports;
        this.history = history;
        this.sender = sender;
        this.settings = settings;
        this.policy = new SendPolicy(fallbackTemplates, channel);
        this.outcomes = new SendOutcomes(messages, outbox, keptReports, history, settings.retryPolicy());
        this.rateLimiter = new ChannelRateLimiter(settings.perChannelPerSecond());
        this.clock = clock;
        this.metrics = metrics;
        this.sleeper = sleeper;
    }

    private Insight insight = Insight.NONE;

    @Override
    public int dispatchDue() {
        int room = mayClaim() ? settings.batchSize() : 0;
        int recorded = unrecorded.size();
        if (room == 0 && recorded == 0) {
            return 0;
        }
        List<ClaimedReply> claimed = recordAndClaim(List.of(), room);
        List<SentReply> sent = new ArrayList<>(claimed.size());
        for (ClaimedReply reply : claimed) {
            sent.add(send(reply));
        }
        recordAndClaim(sent, 0);
        return recorded + claimed.size();
    }

    @Override
    public List<ClaimedReply> recordAndClaim(List<SentReply> finished, int max) {
        List<SentReply> done = new ArrayList<>(finished);
        for (SentReply kept = unrecorded.poll(); kept != null; kept = unrecorded.poll()) {
            done.add(kept);
        }
        if (done.isEmpty() && max == 0) {
            return List.of();
        }
        Instant now = clock.instant();
        List<String> warnings = new ArrayList<>();
        List<ClaimedReply> claimed;
        TransactionEnd[] end = new TransactionEnd[1];
        try {
            // conflicts with another dispatcher's round (a deadlock on H2) are run again
            claimed = transactions.inTransactionRetryingConflicts(ROUND_ATTEMPTS, () -> {
                warnings.clear();
                end[0] = new TransactionEnd(insight);
                outcomes.record(done, now, warnings, end[0].tally());
                List<ClaimedReply> ready = max == 0 ? List.of()
                        : claimInTransaction(max, now, warnings, end[0].tally());
                end[0].beforeCommit();
                return ready;
            });
        } catch (RuntimeException failure) {
            unrecorded.addAll(done);
            throw failure;
        }
        end[0].afterCommit();
        warnings.forEach(LOG::warning);
        return claimed;
    }

    /**
     * Inside the round's transaction: locks the due replies, asks the policy about each, fails those that must not
     * be sent, and writes the attempts of the others with their claim.
     */
    private List<ClaimedReply> claimInTransaction(int max, Instant now, List<String> warnings, Tally tally) {
        List<OutboundMessage> due = outbox.lockDue(now, max);
        if (due.isEmpty()) {
            return List.of();
        }
        // every reply's conversation: its window (free-form replies) and its customer's consent (all of them)
        Set<UUID> ids = new LinkedHashSet<>();
        for (OutboundMessage m : due) {
            ids.add(m.conversationId());
        }
        Map<UUID, Conversation> windows = conversations.getAll(ids);
        List<ClaimedReply> ready = new ArrayList<>(due.size());
        List<OutboundMessage> failed = new ArrayList<>();
        List<StatusChange> changes = new ArrayList<>();
        for (OutboundMessage claimed : due) {
            SendPolicy.Decision decision = policy.decide(claimed, windows.get(claimed.conversationId()), now);
            if (decision instanceof SendPolicy.Decision.Send send) {
                Duration lag = claimed.nextAttemptAt() == null ? Duration.ZERO
                        : Duration.between(claimed.nextAttemptAt(), now);
                ready.add(new ClaimedReply(claimed, send.attempt(), lag));
            } else {
                SendPolicy.Decision.Fail fail = (SendPolicy.Decision.Fail) decision;
                OutboundMessage.Transition refused = claimed.report(DeliveryStatus.FAILED, fail.code(), fail.reason(),
                        now, StatusChange.Source.DISPATCHER);
                if (refused.change().applied()) {
                    failed.add(refused.message());
                    changes.add(refused.change());
                    tally.delivery(claimed, refused.change(), now);
                    warnings.add("reply " + claimed.id() + " failed: " + fail.code() + " " + fail.reason());
                }
            }
        }
        if (!failed.isEmpty()) {
            outbox.record(failed);
            history.appendAll(changes);
        }
        if (!ready.isEmpty()) {
            outbox.claim(ready.stream().map(ClaimedReply::attempt).toList(), now.plus(settings.lease()));
        }
        return ready;
    }

    @Override
    public SentReply send(ClaimedReply reply) {
        if (!mayClaim()) {
            return new SentReply(reply, new SendOutcome.NotTried());
        }
        pace(reply.attempt().channelId());
        try {
            String receipt = sender.send(reply.attempt());
            settings.circuitBreaker().success();
            metrics.sendFinished("accepted", reply.lag());
            return new SentReply(reply, new SendOutcome.Accepted(receipt));
        } catch (SendFailedException failure) {
            if (failure.isTransient()) {
                settings.circuitBreaker().transientFailure(clock.instant(), failure.retryAfter().orElse(null));
            }
            metrics.sendFinished(failure.isTransient() ? "retry" : "failed", reply.lag());
            return new SentReply(reply, outcomeOf(failure));
        } catch (RuntimeException bug) {
            // a sender that throws something unexpected must not stop the dispatcher: its outcome is unknown
            LOG.log(Level.WARNING, "sender failed unexpectedly for message " + reply.attempt().id(), bug);
            return new SentReply(reply, new SendOutcome.Unknown("SENDER_ERROR", String.valueOf(bug), null));
        }
    }

    private static SendOutcome outcomeOf(SendFailedException failure) {
        if (!failure.isTransient()) {
            return new SendOutcome.Refused(failure.code(), failure.getMessage());
        }
        Duration retryAfter = failure.retryAfter().orElse(null);
        return failure.isOutcomeUnknown()
                ? new SendOutcome.Unknown(failure.code(), failure.getMessage(), retryAfter)
                : new SendOutcome.Retry(failure.code(), failure.getMessage(), retryAfter);
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

    @Override
    public boolean mayClaim() {
        return settings.circuitBreaker().allows(clock.instant());
    }

    @Override
    public Instant pausedUntil() {
        return settings.circuitBreaker().pausedUntil();
    }

    @Override
    public int batchSize() {
        return settings.batchSize();
    }

    @Override
    public int recoverAsOnlyInstance() {
        if (!outbox.soleUser()) {
            return 0; // other instances may hold those claims: their leases decide
        }
        int released = outbox.releaseAllClaims();
        if (released > 0) {
            LOG.info(() -> "took over " + released + " reply claim(s) left by a previous run");
        }
        return released;
    }

    @Override
    public int reconcileKeptStatuses() {
        TransactionEnd[] end = new TransactionEnd[1];
        int applied = transactions.inTransaction(() -> {
            end[0] = new TransactionEnd(insight);
            Instant now = clock.instant();
            List<StatusReport> matched = keptReports.takeMatched(settings.batchSize());
            for (StatusReport report : matched) {
                messages.lockOutboundByAcsMessageId(report.acsMessageId())
                        .ifPresent(message -> RecordDeliveryStatusService.apply(messages, history, message, report,
                                end[0].tally(), now));
            }
            end[0].beforeCommit();
            return matched.size();
        });
        end[0].afterCommit();
        return applied;
    }

    /** What the rounds count for insight (replies accepted and failed) goes to {@code counts}. */
    public DispatchRepliesService countedBy(Insight counts) {
        this.insight = counts;
        return this;
    }
}
