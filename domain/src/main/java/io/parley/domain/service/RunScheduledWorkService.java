package io.parley.domain.service;

import io.parley.domain.model.CompiledFlow;
import io.parley.domain.model.Conversation;
import io.parley.domain.model.FlowAdvance;
import io.parley.domain.model.FlowRun;
import io.parley.domain.model.FlowSession;
import io.parley.domain.model.FlowStep;
import io.parley.domain.model.HttpCall;
import io.parley.domain.model.JsonDocuments;
import io.parley.domain.model.OutboundMessage;
import io.parley.domain.model.ScheduledWork;
import io.parley.domain.port.in.RunScheduledWorkUseCase;
import io.parley.domain.port.out.ConversationPort;
import io.parley.domain.port.out.FlowCallPort;
import io.parley.domain.port.out.MessagePort;
import io.parley.domain.port.out.ScheduledWorkPort;
import io.parley.domain.port.out.StatusHistoryPort;
import io.parley.domain.port.out.TransactionPort;
import io.parley.domain.port.out.WorkSignal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import io.parley.domain.model.ConversationKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

/**
 * Runs the scheduled work: a flow question's timeout, an HTTP step's call, and the deadline of an answer that waits
 * for its message's analysis (then decided with whatever is known, see {@link ReplyDecider}). A round claims what is due, makes
 * its calls at the same time outside any transaction, with the work's id as idempotency key (a 5xx, a timeout or no
 * connection is tried again, at most {@link #MAX_CALL_ATTEMPTS} times within {@link #RETRY_WITHIN}), then applies
 * every outcome and timeout in one transaction with their conversations locked, each only if the conversation's
 * session is still the one the work was scheduled for: work that a killed instance left half done is done again by
 * another, and its outcome used once.
 */
public final class RunScheduledWorkService implements RunScheduledWorkUseCase {

    private static final java.util.logging.Logger LOG =
            java.util.logging.Logger.getLogger(RunScheduledWorkService.class.getName());

    public static final int MAX_CALL_ATTEMPTS = 3;
    public static final Duration RETRY_WITHIN = Duration.ofSeconds(30);
    /** The default claim: longer than the longest call (10 s) and its round, so a claim outlives its attempt. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(45);
    /** The shortest claim allowed: the longest call plus a margin for the round around it. */
    public static final Duration MIN_LEASE = Duration.ofSeconds(15);
    static final int BATCH = 50;
    /** How many calls of a round are made at the same time (a round takes at most {@link #BATCH}). */
    public static final int PARALLEL_CALLS = 16;

    private final TransactionPort transactions;
    private final ScheduledWorkPort work;
    private final ConversationPort conversations;
    private final MessagePort messages;
    private final StatusHistoryPort history;
    private final FlowCatalog flows;
    private final FlowCallPort calls;
    private final JsonDocuments json;
    private final FlowTurns turns;
    private final WorkSignal outboxSignal;
    private final WorkSignal workSignal;
    private final Clock clock;
    private final java.util.function.BooleanSupplier soleUser;
    private final Executor callers;
    private final Duration lease;
    private final ReceiveMessageService held;
    private Insight insight = Insight.NONE;

    public RunScheduledWorkService(TransactionPort transactions, ScheduledWorkPort work,
                                   ConversationPort conversations, MessagePort messages, StatusHistoryPort history,
                                   FlowCatalog flows, FlowCallPort calls, JsonDocuments json,
                                   io.parley.domain.model.ChannelPolicy channel,
                                   io.parley.domain.model.ReplyGuards guards,
                                   io.parley.domain.port.out.DeliveryMetrics metrics, WorkSignal outboxSignal,
                                   WorkSignal workSignal, java.util.function.BooleanSupplier soleUser,
                                   Executor callers, Duration lease, Clock clock) {
        this(transactions, work, conversations, messages, history, flows, calls, json, channel, guards, metrics,
                outboxSignal, workSignal, soleUser, callers, lease, clock, null);
    }

    /**
     * @param held answers the messages whose answers waited for their analysis when their deadline comes (null: no
     *             answer waits)
     */
    public RunScheduledWorkService(TransactionPort transactions, ScheduledWorkPort work,
                                   ConversationPort conversations, MessagePort messages, StatusHistoryPort history,
                                   FlowCatalog flows, FlowCallPort calls, JsonDocuments json,
                                   io.parley.domain.model.ChannelPolicy channel,
                                   io.parley.domain.model.ReplyGuards guards,
                                   io.parley.domain.port.out.DeliveryMetrics metrics, WorkSignal outboxSignal,
                                   WorkSignal workSignal, java.util.function.BooleanSupplier soleUser,
                                   Executor callers, Duration lease, Clock clock, ReceiveMessageService held) {
        this.held = held;
        if (lease.compareTo(MIN_LEASE) < 0) {
            throw new IllegalArgumentException("a flow work claim must last at least " + MIN_LEASE.toSeconds()
                    + " s (the longest call and its round)");
        }
        this.lease = lease;
        this.callers = callers;
        this.soleUser = soleUser;
        this.transactions = transactions;
        this.work = work;
        this.conversations = conversations;
        this.messages = messages;
        this.history = history;
        this.flows = flows;
        this.calls = calls;
        this.json = json;
        this.turns = new FlowTurns(channel, guards, metrics);
        this.outboxSignal = outboxSignal;
        this.workSignal = workSignal;
        this.clock = clock;
    }

    /** What the rounds count for insight goes to {@code counts}. */
    public RunScheduledWorkService countedBy(Insight counts) {
        this.insight = counts;
        return this;
    }

    @Override
    public int runDue() {
        List<ScheduledWork> due = work.claimDue(clock.instant(), BATCH, lease);
        if (due.isEmpty()) {
            return 0;
        }
        // the round's calls go out at the same time (they wait on the far end, not on this machine)
        Map<ScheduledWork, CompletableFuture<HttpCall.Result>> results = new LinkedHashMap<>();
        for (ScheduledWork item : due) {
            if (item.kind() == ScheduledWork.Kind.FLOW_CALL) {
                results.put(item, CompletableFuture.supplyAsync(() -> calls.call(item.call(), item.id().toString()),
                        callers));
            }
        }
        List<Outcome> outcomes = new ArrayList<>();
        List<ScheduledWork> retries = new ArrayList<>();
        for (ScheduledWork item : due) {
            if (item.kind() != ScheduledWork.Kind.FLOW_CALL) {
                outcomes.add(new Outcome(item, null));
                continue;
            }
            HttpCall.Result result;
            try {
                result = results.get(item).join();
            } catch (java.util.concurrent.CompletionException e) {
                result = HttpCall.Result.failed("the call could not be made: " + e.getCause());
            }
            ScheduledWork retry = retry(item, result);
            if (retry != null) {
                retries.add(retry);
            } else {
                outcomes.add(new Outcome(item, result));
            }
        }
        try {
            applyAll(outcomes, retries);
        } catch (RuntimeException e) {
            // the claims run out and the work is done again then (a call with the same idempotency key)
            LOG.log(java.util.logging.Level.WARNING, "applying " + outcomes.size() + " flow outcome(s) failed; "
                    + "they are done again when their claims end", e);
        }
        return due.size();
    }

    /** A call's result, or a timeout's (null), to apply to its conversation. */
    private record Outcome(ScheduledWork item, HttpCall.Result result) {
    }

    /** The call again later, when its failure may pass and attempts and time are left; null: its outcome stands. */
    private ScheduledWork retry(ScheduledWork item, HttpCall.Result result) {
        if (result.succeeded() || !result.worthRetrying() || item.attempts() + 1 >= MAX_CALL_ATTEMPTS) {
            return null;
        }
        Instant next = clock.instant().plus(backoff(item.attempts()));
        if (!next.isBefore(item.firstDueAt().plus(RETRY_WITHIN))) {
            return null;
        }
        LOG.info(() -> "flow call " + item.id() + " to " + item.call().url() + ": " + result.describe()
                + "; trying again at " + next);
        return item.retryAt(next, result.describe());
    }

    @Override
    public int recoverAsOnlyInstance() {
        if (!soleUser.getAsBoolean()) {
            return 0; // other instances may hold those claims: their leases decide
        }
        int released = work.releaseAllClaims();
        if (released > 0) {
            LOG.info(() -> "took over " + released + " flow timer(s) and call(s) left by a previous run");
        }
        return released;
    }

    /** 1 s, then 4 s: three attempts fit in the 30 seconds with the longest timeouts. */
    private static Duration backoff(int attemptsMade) {
        return Duration.ofSeconds(attemptsMade == 0 ? 1 : 4);
    }

    /**
     * One transaction for the round: its conversations locked together (in the one order every transaction uses),
     * each outcome applied only where the session still carries the work's token, everything written in a batch.
     */
    private void applyAll(List<Outcome> outcomes, List<ScheduledWork> retries) {
        TransactionEnd[] end = new TransactionEnd[1];
        transactions.inTransactionRetryingConflicts(3, () -> {
            end[0] = new TransactionEnd(insight);
            retries.forEach(work::reschedule);
            if (!outcomes.isEmpty()) {
                applyInTransaction(outcomes, end[0]);
            }
            end[0].beforeCommit();
            return null;
        });
        end[0].afterCommit();
    }

    private void applyInTransaction(List<Outcome> outcomes, TransactionEnd end) {
        Instant now = clock.instant();
        Map<UUID, Conversation> found = conversations.getAll(outcomes.stream()
                .map(o -> o.item().conversationId()).collect(Collectors.toCollection(LinkedHashSet::new)));
        Map<ConversationKey, Conversation> locked = found.isEmpty() ? Map.of()
                : conversations.lockOrCreate(found.values().stream().map(Conversation::key).toList(), now);
        Map<UUID, Conversation> current = new LinkedHashMap<>();
        locked.values().forEach(c -> current.put(c.id(), c));
        Set<UUID> changed = new LinkedHashSet<>();
        List<OutboundMessage> queued = new ArrayList<>();
        List<ScheduledWork> scheduled = new ArrayList<>();
        Set<UUID> releasing = new LinkedHashSet<>();
        for (Outcome outcome : outcomes) {
            ScheduledWork item = outcome.item();
            Conversation conversation = current.get(item.conversationId());
            if (item.kind() == ScheduledWork.Kind.ANALYSIS_WAIT) {
                // a held answer's deadline: decided below, after this round's flow outcomes
                if (work.finish(item.id()) && held != null && conversation != null && conversation.held()
                        .stream().anyMatch(h -> h.messageId().equals(item.token()))) {
                    releasing.add(conversation.id());
                }
                continue;
            }
            FlowSession session = conversation == null ? null : conversation.flow();
            if (session == null || !session.token().equals(item.token())) {
                work.finish(item.id()); // the session moved on: this work was for a step it has left
                continue;
            }
            Optional<CompiledFlow> flow = flows.version(session.flowId(), session.version());
            FlowAdvance advance = flow.isEmpty() ? FlowRun.end(session, FlowAdvance.Ending.GONE,
                    "the flow version is gone") : advance(outcome, conversation, session, flow.get(), now);
            if (advance == null) {
                // not yet: a later window end, or a person is talking (the flow waits, it is not lost)
                Instant later = later(conversation, session, now);
                work.reschedule(item.retryAt(later, null));
                current.put(conversation.id(), conversation.inFlow(session.expiringAt(later)));
                changed.add(conversation.id());
                continue;
            }
            if (!work.finish(item.id())) {
                continue; // done by another instance meanwhile
            }
            FlowTurns.Result result = turns.apply(conversation, advance, null, null, now, end.tally());
            current.put(conversation.id(), result.conversation());
            changed.add(conversation.id());
            queued.addAll(result.queued());
            scheduled.addAll(result.work());
        }
        if (!releasing.isEmpty()) {
            for (Conversation after : held.releaseHeld(releasing.stream().map(current::get).toList(), now,
                    end)) {
                current.put(after.id(), after);
                changed.add(after.id());
            }
        }
        if (!changed.isEmpty()) {
            conversations.saveAll(changed.stream().map(current::get).toList());
        }
        if (!queued.isEmpty()) {
            messages.saveAll(List.copyOf(queued));
            history.appendAll(queued.stream().map(m -> m.queuedEntry(now, null, null)).toList());
            end.signal(outboxSignal);
        }
        if (!scheduled.isEmpty()) {
            work.scheduleAll(scheduled);
            end.signal(workSignal);
        }
    }

    /** What a call's result or a timeout does to the session; null: nothing yet, look again later. */
    private FlowAdvance advance(Outcome outcome, Conversation conversation, FlowSession session, CompiledFlow flow,
                                Instant now) {
        if (outcome.result() != null) {
            HttpCall.Result result = outcome.result();
            FlowStep step = flow.flow().step(session.step());
            Map<String, String> saved = result.succeeded() && step instanceof FlowStep.Http http
                    && !http.save().isEmpty() ? json.pick(result.body(), http.save()) : Map.of();
            return FlowRun.called(flow, session, result, saved, turn(conversation, now));
        }
        Instant windowEnd = conversation.customerServiceWindowEnd();
        if (windowEnd == null || !now.isBefore(windowEnd)) {
            return FlowRun.end(session, FlowAdvance.Ending.EXPIRED, "the customer service window closed; the flow "
                    + "ends without a message");
        }
        boolean timedOut = session.timeoutAt() != null && !now.isBefore(session.timeoutAt());
        return timedOut && !conversation.botPaused(now) ? FlowRun.timeout(flow, session, turn(conversation, now))
                : null;
    }

    /** When to look at a waiting session again: its timeout, the window's end or the end of a person's turn. */
    private static Instant later(Conversation conversation, FlowSession session, Instant now) {
        Instant next = conversation.customerServiceWindowEnd();
        if (session.timeoutAt() != null && session.timeoutAt().isAfter(now) && session.timeoutAt().isBefore(next)) {
            next = session.timeoutAt();
        }
        if (conversation.botPaused(now) && conversation.botPausedUntil().isBefore(next)) {
            next = conversation.botPausedUntil(); // a timeout that passed while a person talked fires then
        }
        return next.isAfter(now) ? next : now.plusSeconds(1);
    }

    private static FlowRun.Turn turn(Conversation conversation, Instant now) {
        return new FlowRun.Turn(conversation.customerId(), null, now, conversation.customerServiceWindowEnd());
    }
}
