package io.parley.domain.service;

import io.parley.domain.model.AuditAction;
import io.parley.domain.model.CompiledFlow;
import io.parley.domain.model.Conversation;
import io.parley.domain.model.FieldError;
import io.parley.domain.model.Flow;
import io.parley.domain.model.FlowAdvance;
import io.parley.domain.model.FlowPolicy;
import io.parley.domain.model.FlowRun;
import io.parley.domain.model.FlowSession;
import io.parley.domain.model.FlowStep;
import io.parley.domain.model.FlowTest;
import io.parley.domain.model.FlowVersion;
import io.parley.domain.model.HttpCall;
import io.parley.domain.model.InvalidRuleException;
import io.parley.domain.model.JsonDocuments;
import io.parley.domain.model.Offer;
import io.parley.domain.model.OfferChoice;
import io.parley.domain.model.ReplyRule;
import io.parley.domain.model.ReplyType;
import io.parley.domain.port.in.ManageFlowsUseCase;
import io.parley.domain.port.out.ConversationPort;
import io.parley.domain.port.out.FlowCallPort;
import io.parley.domain.port.out.FlowPort;
import io.parley.domain.port.out.ReplyRulePort;
import io.parley.domain.port.out.TransactionPort;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Flow changes, each a new version with who and when; the tester; cancelling a conversation's flow. */
public final class ManageFlowsService implements ManageFlowsUseCase {

    /** A tester's conversation: at most this many customer messages. */
    public static final int MAX_TEST_MESSAGES = 50;

    private final TransactionPort transactions;
    private final FlowPort flows;
    private final FlowCatalog catalog;
    private final ReplyRulePort rules;
    private final ConversationPort conversations;
    private final JsonDocuments json;
    private final FlowPolicy policy;
    private final FlowCallPort calls;
    private final Clock clock;
    private AuditTrail audit = AuditTrail.NONE;
    private Insight insight = Insight.NONE;

    public ManageFlowsService(TransactionPort transactions, FlowPort flows, FlowCatalog catalog, ReplyRulePort rules,
                              ConversationPort conversations, JsonDocuments json, FlowPolicy policy,
                              FlowCallPort calls, Clock clock) {
        this.transactions = transactions;
        this.flows = flows;
        this.catalog = catalog;
        this.rules = rules;
        this.conversations = conversations;
        this.json = json;
        this.policy = policy;
        this.calls = calls;
        this.clock = clock;
    }

    /** A flow a person ends counts as left at its step, in {@code counts}. */
    public ManageFlowsService countedBy(Insight counts) {
        this.insight = counts;
        return this;
    }

    /** Where each change is recorded, in the change's transaction. */
    public ManageFlowsService auditedBy(AuditTrail trail) {
        this.audit = trail;
        return this;
    }

    @Override
    public List<Flow> list() {
        return flows.findAll().stream().sorted(Comparator.comparing(Flow::id)).toList();
    }

    @Override
    public Optional<Flow> get(long id) {
        return flows.findById(id);
    }

    @Override
    public Flow create(Flow flow, String actor) {
        check(flow);
        return transactions.inTransaction(() -> {
            Flow created = flows.insert(flow, "CREATED", actor, clock.instant());
            audit.record(actor, AuditAction.FLOW_CREATED, target(created), described(created));
            return created;
        });
    }

    @Override
    public Optional<Flow> replace(long id, Flow flow, String actor) {
        check(flow);
        return transactions.inTransaction(() -> flows.update(flow.withId(id, 0), "UPDATED", actor,
                clock.instant()).map(changed -> {
                    audit.record(actor, AuditAction.FLOW_CHANGED, target(changed), described(changed));
                    return changed;
                }));
    }

    /** What needs an engine: RE2 patterns, JSON bodies, allowed hosts and configured secrets. */
    private void check(Flow flow) {
        List<FieldError> problems = new ArrayList<>();
        try {
            CompiledFlow.compile(flow, catalog.patterns());
        } catch (InvalidRuleException e) {
            problems.addAll(e.errors());
        }
        problems.addAll(policy.problems(flow, json));
        if (!problems.isEmpty()) {
            throw new InvalidRuleException(problems);
        }
    }

    @Override
    public boolean delete(long id, String actor) {
        return transactions.inTransaction(() -> {
            List<Long> users = rules.findAll().stream()
                    .filter(r -> r.enabled() && r.reply().type() == ReplyType.FLOW
                            && Long.valueOf(id).equals(r.reply().flowId()))
                    .map(ReplyRule::id).toList();
            if (!users.isEmpty()) {
                throw new FlowInUseException(users);
            }
            Optional<Flow> existing = flows.findById(id);
            boolean deleted = flows.delete(id, actor, clock.instant());
            if (deleted) {
                audit.record(actor, AuditAction.FLOW_DELETED, "flow " + id,
                        existing.map(f -> "\"" + f.name() + "\"").orElse(""));
            }
            return deleted;
        });
    }

    @Override
    public List<FlowVersion> history(long id) {
        return transactions.inTransaction(() -> flows.history(id));
    }

    @Override
    public List<Flow> importAll(List<Flow> imported, String actor) {
        List<FieldError> problems = new ArrayList<>();
        for (int i = 0; i < imported.size(); i++) {
            String prefix = "flows[" + i + "].";
            try {
                check(imported.get(i));
            } catch (InvalidRuleException e) {
                e.errors().forEach(f -> problems.add(new FieldError(prefix + f.field(), f.message())));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRuleException(problems);
        }
        return transactions.inTransaction(() -> {
            List<Flow> existing = flows.findAll();
            java.util.Set<Long> taken = new java.util.HashSet<>();
            List<Flow> stored = new ArrayList<>();
            for (Flow flow : imported) {
                Flow target = target(flow, existing, taken);
                if (target == null) {
                    stored.add(flows.insert(flow.withId(null, 0), "IMPORTED", actor, clock.instant()));
                } else {
                    taken.add(target.id());
                    stored.add(flows.update(flow.withId(target.id(), 0), "IMPORTED", actor, clock.instant())
                            .orElseThrow());
                }
            }
            audit.record(actor, AuditAction.FLOWS_IMPORTED, "flows", ManageReplyRulesService.count(stored.size(),
                    "flow") + " imported, " + ManageReplyRulesService.count(taken.size(), "flow") + " replaced");
            return stored;
        });
    }

    private static String target(Flow flow) {
        return "flow " + flow.id();
    }

    private static String described(Flow flow) {
        return "\"" + flow.name() + "\", version " + flow.version();
    }

    /**
     * The stored flow an imported one replaces: the one with its id (an export of this Parley), else the only one
     * with its name (an export of another), else none (a new flow). Each is replaced once per import.
     */
    private static Flow target(Flow flow, List<Flow> existing, java.util.Set<Long> taken) {
        if (flow.id() != null) {
            for (Flow f : existing) {
                if (f.id().equals(flow.id()) && !taken.contains(f.id())) {
                    return f;
                }
            }
        }
        List<Flow> named = existing.stream().filter(f -> !taken.contains(f.id()) && f.name().equalsIgnoreCase(
                flow.name())).toList();
        return named.size() == 1 ? named.get(0) : null;
    }

    @Override
    public Optional<Flow> restore(long id, int version, String actor) {
        return transactions.inTransaction(() -> flows.findVersion(id, version).map(old -> {
            Optional<Flow> updated = flows.update(old.withId(id, 0), "RESTORED", actor, clock.instant());
            Flow restored = updated.orElseGet(() -> flows.insert(old.withId(null, 0), "RESTORED", actor,
                    clock.instant()));
            audit.record(actor, AuditAction.FLOW_RESTORED, target(restored), "version " + version
                    + (updated.isPresent() ? "" : " of deleted flow " + id) + " restored as " + described(restored));
            return restored;
        }));
    }

    @Override
    public boolean cancel(UUID conversationId, String actor) {
        TransactionEnd[] end = new TransactionEnd[1];
        boolean cancelled = transactions.inTransaction(() -> {
            Optional<Conversation> found = conversations.get(conversationId);
            if (found.isEmpty() || found.get().flow() == null) {
                return false;
            }
            Conversation locked = conversations.lockOrCreate(Set.of(found.get().key()), clock.instant())
                    .get(found.get().key());
            if (locked.flow() == null) {
                return false;
            }
            conversations.saveAll(List.of(locked.inFlow(null)));
            audit.record(actor, AuditAction.FLOW_CANCELLED, "conversation " + conversationId,
                    "flow " + locked.flow().flowId() + " at step \"" + locked.flow().step() + "\"");
            end[0] = new TransactionEnd(insight);
            end[0].tally().flowTurn(locked.channelId(), FlowRun.end(locked.flow(), FlowAdvance.Ending.CANCELLED,
                    actor + " ended the flow"), clock.instant());
            end[0].beforeCommit();
            return true;
        });
        if (cancelled) {
            end[0].afterCommit();
        }
        return cancelled;
    }

    @Override
    public FlowTest test(Flow flow, List<String> messages, String customerId, Map<String, HttpCall.Result> answers,
                         boolean live) {
        if (messages.size() > MAX_TEST_MESSAGES) {
            throw new InvalidRuleException(List.of(new FieldError("messages", "must be at most "
                    + MAX_TEST_MESSAGES + " messages")));
        }
        CompiledFlow compiled = CompiledFlow.compile(flow.id() == null ? flow.withId(0L, flow.version()) : flow,
                catalog.patterns());
        String customer = customerId == null || customerId.isBlank() ? "tester" : customerId;
        Instant now = clock.instant();
        FlowRun.Turn turn = new FlowRun.Turn(customer, null, now, now.plus(Duration.ofHours(24)));
        List<FlowTest.Exchange> transcript = new ArrayList<>();
        FlowAdvance advance = resolveCalls(compiled, FlowRun.start(compiled, turn), turn, answers, live);
        transcript.add(exchange(null, advance));
        Offer offer = lastOffer(advance, now);
        for (String message : messages) {
            if (advance.session() == null) {
                break;
            }
            FlowRun.Turn answerTurn = new FlowRun.Turn(customer, message, now, turn.windowEnd());
            String optionId = offer == null ? null : offer.typed(message, now).map(OfferChoice::optionId)
                    .orElse(null);
            FlowAdvance next = FlowRun.answer(compiled, advance.session(), message, optionId, answerTurn);
            advance = resolveCalls(compiled, next, answerTurn, answers, live);
            transcript.add(exchange(message, advance));
            Offer made = lastOffer(advance, now);
            offer = made != null ? made : offer;
        }
        return new FlowTest(transcript, advance.session(), advance.ending());
    }

    /** The calls the turn makes, answered from {@code answers} (or made for real when {@code live}). */
    private FlowAdvance resolveCalls(CompiledFlow flow, FlowAdvance advance, FlowRun.Turn turn,
                                     Map<String, HttpCall.Result> answers, boolean live) {
        FlowAdvance current = advance;
        List<FlowAdvance.Sent> sent = new ArrayList<>(advance.messages());
        List<FlowAdvance.Trace> trace = new ArrayList<>(advance.trace());
        List<FlowAdvance.Step> steps = new ArrayList<>(advance.steps());
        for (int i = 0; i < FlowRun.MAX_STEPS_PER_TURN && current.call() != null && current.session() != null; i++) {
            HttpCall call = current.call();
            HttpCall.Result result = answers.get(call.stepId());
            if (result == null) {
                result = live ? calls.call(call, UUID.randomUUID().toString())
                        : HttpCall.Result.failed("no test answer given for step " + call.stepId());
            }
            FlowStep step = flow.flow().step(call.stepId());
            Map<String, String> saved = result.succeeded() && step instanceof FlowStep.Http http
                    ? json.pick(result.body(), http.save()) : Map.of();
            current = FlowRun.called(flow, current.session(), result, saved, turn);
            sent.addAll(current.messages());
            trace.addAll(current.trace());
            steps.addAll(current.steps());
        }
        return new FlowAdvance(advance.flowId(), current.session(), sent, current.call(), current.ending(), trace,
                steps);
    }

    private static Offer lastOffer(FlowAdvance advance, Instant now) {
        Offer found = null;
        for (FlowAdvance.Sent sent : advance.messages()) {
            found = Offer.of(UUID.randomUUID(), sent.content(), true, now).orElse(found);
        }
        return found;
    }

    private static FlowTest.Exchange exchange(String customer, FlowAdvance advance) {
        FlowSession s = advance.session();
        return new FlowTest.Exchange(customer, advance.messages(), s == null ? null : s.step(),
                s == null ? Map.of() : s.variables(), advance.trace(), advance.ending());
    }
}
