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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs the flows' scheduled work: a question's timeout, and an HTTP step's call. A call is made outside any
 * transaction, with the work's id as its idempotency key; a 5xx, a timeout or no connection is tried again, at most
 * {@link #MAX_CALL_ATTEMPTS} times within {@link #RETRY_WITHIN}. Its outcome, like a timeout, is applied in one
 * transaction with the conversation locked, and only if the conversation's session is still the one the work was
 * scheduled for: work that a killed instance left half done is done again by another, and its outcome used once.
 */
public final class RunScheduledWorkService implements RunScheduledWorkUseCase {

    private static final java.util.logging.Logger LOG =
            java.util.logging.Logger.getLogger(RunScheduledWorkService.class.getName());

    public static final int MAX_CALL_ATTEMPTS = 3;
    public static final Duration RETRY_WITHIN = Duration.ofSeconds(30);
    /** Longer than the longest call (10 s): a claim outlives the attempt it covers. */
    static final Duration LEASE = Duration.ofSeconds(45);
    static final int BATCH = 20;

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

    public RunScheduledWorkService(TransactionPort transactions, ScheduledWorkPort work,
                                   ConversationPort conversations, MessagePort messages, StatusHistoryPort history,
                                   FlowCatalog flows, FlowCallPort calls, JsonDocuments json,
                                   io.parley.domain.model.ChannelPolicy channel,
                                   io.parley.domain.model.ReplyGuards guards,
                                   io.parley.domain.port.out.DeliveryMetrics metrics, WorkSignal outboxSignal,
                                   WorkSignal workSignal, java.util.function.BooleanSupplier soleUser, Clock clock) {
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

    @Override
    public int runDue() {
        List<ScheduledWork> due = work.claimDue(clock.instant(), BATCH, LEASE);
        for (ScheduledWork item : due) {
            try {
                if (item.kind() == ScheduledWork.Kind.FLOW_CALL) {
                    call(item);
                } else {
                    timeout(item);
                }
            } catch (RuntimeException e) {
                // its claim runs out and it is tried again then; the others go on
                LOG.log(java.util.logging.Level.WARNING, "scheduled work " + item.id() + " (" + item.kind()
                        + ") failed; it is tried again when its claim ends", e);
            }
        }
        return due.size();
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

    private void call(ScheduledWork item) {
        HttpCall.Result result = calls.call(item.call(), item.id().toString());
        Instant now = clock.instant();
        if (!result.succeeded() && result.worthRetrying() && item.attempts() + 1 < MAX_CALL_ATTEMPTS) {
            Instant next = now.plus(backoff(item.attempts()));
            if (next.isBefore(item.firstDueAt().plus(RETRY_WITHIN))) {
                LOG.info(() -> "flow call " + item.id() + " to " + item.call().url() + ": " + result.describe()
                        + "; trying again at " + next);
                transactions.inTransaction(() -> {
                    work.reschedule(item.retryAt(next, result.describe()));
                    return null;
                });
                return;
            }
        }
        apply(item, (conversation, session, flow) -> {
            FlowStep step = flow.flow().step(session.step());
            Map<String, String> saved = result.succeeded() && step instanceof FlowStep.Http http
                    && !http.save().isEmpty() ? json.pick(result.body(), http.save()) : Map.of();
            return FlowRun.called(flow, session, result, saved, turn(conversation, now));
        });
    }

    /** 1 s, then 4 s: three attempts fit in the 30 seconds with the longest timeouts. */
    private static Duration backoff(int attemptsMade) {
        return Duration.ofSeconds(attemptsMade == 0 ? 1 : 4);
    }

    private void timeout(ScheduledWork item) {
        Instant now = clock.instant();
        apply(item, (conversation, session, flow) -> {
            Instant windowEnd = conversation.customerServiceWindowEnd();
            if (windowEnd == null || !now.isBefore(windowEnd)) {
                return FlowRun.end(session, FlowAdvance.Ending.EXPIRED, "the customer service window closed; "
                        + "the flow ends without a message");
            }
            boolean timedOut = session.timeoutAt() != null && !now.isBefore(session.timeoutAt());
            if (timedOut && !conversation.botPaused(now)) {
                return FlowRun.timeout(flow, session, turn(conversation, now));
            }
            return null; // not yet: a later window end, or a person is talking (the flow waits, it is not lost)
        });
    }

    /** What to do with a session that is still the one the work was for; null: wait, and look again later. */
    private interface Step {
        FlowAdvance advance(Conversation conversation, FlowSession session, CompiledFlow flow);
    }

    private void apply(ScheduledWork item, Step step) {
        AfterCommit afterCommit = new AfterCommit();
        transactions.inTransactionRetryingConflicts(3, () -> {
            Optional<Conversation> found = conversations.get(item.conversationId());
            if (found.isEmpty()) {
                work.finish(item.id());
                return null;
            }
            Instant now = clock.instant();
            Conversation conversation = conversations.lockOrCreate(Set.of(found.get().key()), now)
                    .get(found.get().key());
            FlowSession session = conversation.flow();
            if (session == null || !session.token().equals(item.token())) {
                work.finish(item.id()); // the session moved on: this work was for a step it has left
                return null;
            }
            Optional<CompiledFlow> flow = flows.version(session.flowId(), session.version());
            FlowAdvance advance = flow.isEmpty() ? FlowRun.end(session, FlowAdvance.Ending.GONE,
                    "the flow version is gone") : step.advance(conversation, session, flow.get());
            if (advance == null) {
                Instant later = later(conversation, session, now);
                work.reschedule(item.retryAt(later, null));
                conversations.saveAll(List.of(conversation.inFlow(session.expiringAt(later))));
                return null;
            }
            if (!work.finish(item.id())) {
                return null; // done by another instance meanwhile
            }
            FlowTurns.Result result = turns.apply(conversation, advance, null, null, now);
            conversations.saveAll(List.of(result.conversation()));
            if (!result.queued().isEmpty()) {
                messages.saveAll(List.copyOf(result.queued()));
                history.appendAll(result.queued().stream().map(m -> m.queuedEntry(now, null, null)).toList());
                afterCommit.signal(outboxSignal);
            }
            if (!result.work().isEmpty()) {
                work.scheduleAll(result.work());
                afterCommit.signal(workSignal);
            }
            return null;
        });
        afterCommit.run();
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
