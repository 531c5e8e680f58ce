package io.parley.domain.service;

import io.parley.domain.model.AuditAction;
import io.parley.domain.model.CompiledRuleSet;
import io.parley.domain.model.FieldError;
import io.parley.domain.model.InvalidRuleException;
import io.parley.domain.model.MatchType;
import io.parley.domain.model.OutboundContent;
import io.parley.domain.model.ReplyRule;
import io.parley.domain.model.RuleInput;
import io.parley.domain.model.RuleLint;
import io.parley.domain.model.RuleReply;
import io.parley.domain.model.RuleVersion;
import io.parley.domain.port.in.ManageReplyRulesUseCase;
import io.parley.domain.port.out.ReplyRulePort;
import io.parley.domain.port.out.RuleHistoryPort;
import io.parley.domain.model.TextPatterns;
import io.parley.domain.port.out.TransactionPort;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Rule changes, each with a version in the rule's history (who and when). */
public final class ManageReplyRulesService implements ManageReplyRulesUseCase {

    private final TransactionPort transactions;
    private final ReplyRulePort rules;
    private final ReplyRuleCatalog catalog;
    private final RuleHistoryPort history;
    private final Clock clock;
    private final io.parley.domain.port.out.FlowPort flows;
    private final AuditTrail audit;

    public ManageReplyRulesService(TransactionPort transactions, ReplyRulePort rules, ReplyRuleCatalog catalog,
                                   RuleHistoryPort history, Clock clock) {
        this(transactions, rules, catalog, history, clock, null);
    }

    /** @param flows the flows FLOW rules may start (null: none) */
    public ManageReplyRulesService(TransactionPort transactions, ReplyRulePort rules, ReplyRuleCatalog catalog,
                                   RuleHistoryPort history, Clock clock, io.parley.domain.port.out.FlowPort flows) {
        this(transactions, rules, catalog, history, clock, flows, AuditTrail.NONE);
    }

    /** @param audit where each change is recorded, in the change's transaction */
    public ManageReplyRulesService(TransactionPort transactions, ReplyRulePort rules, ReplyRuleCatalog catalog,
                                   RuleHistoryPort history, Clock clock, io.parley.domain.port.out.FlowPort flows,
                                   AuditTrail audit) {
        this.audit = audit;
        this.flows = flows;
        this.transactions = transactions;
        this.rules = rules;
        this.catalog = catalog;
        this.history = history;
        this.clock = clock;
    }

    @Override
    public List<ReplyRule> list() {
        return rules.findAll().stream().sorted(CompiledRuleSet.EVALUATION_ORDER).toList();
    }

    @Override
    public Optional<ReplyRule> get(long id) {
        return rules.findById(id);
    }

    @Override
    public ReplyRule create(ReplyRule rule, String actor) {
        checkPlaceholders(rule, "");
        checkPattern(rule, catalog.patterns(), "");
        checkFlow(rule, "");
        return transactions.inTransaction(() -> {
            ReplyRule created = rules.insert(rule.withId(null));
            int version = history.append(created.id(), "CREATED", created, actor, clock.instant());
            audit.record(actor, AuditAction.RULE_CREATED, target(created), described(created, version));
            return created;
        });
    }

    @Override
    public Optional<ReplyRule> replace(long id, ReplyRule rule, String actor) {
        checkPattern(rule, catalog.patterns(), "");
        checkFlow(rule, "");
        checkPlaceholders(rule, "");
        ReplyRule withId = rule.withId(id);
        return transactions.inTransaction(() -> {
            if (!rules.update(withId)) {
                return Optional.empty();
            }
            int version = history.append(id, "UPDATED", withId, actor, clock.instant());
            audit.record(actor, AuditAction.RULE_CHANGED, target(withId), described(withId, version));
            return Optional.of(withId);
        });
    }

    private static String target(ReplyRule rule) {
        return "rule " + rule.id();
    }

    private static String described(ReplyRule rule, int version) {
        return "\"" + rule.name() + "\", version " + version;
    }

    static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** A placeholder Parley does not fill in would reach the customer as written. */
    private static void checkPlaceholders(ReplyRule rule, String fieldPrefix) {
        if (rule.reply().type() == io.parley.domain.model.ReplyType.FLOW) {
            return;
        }
        List<FieldError> problems = rule.reply().unknownPlaceholders(fieldPrefix);
        if (!problems.isEmpty()) {
            throw new InvalidRuleException(problems);
        }
    }

    /** A REGEX rule must compile on RE2; the error names the position. */
    static void checkPattern(ReplyRule rule, TextPatterns patterns, String fieldPrefix) {
        if (rule.match().type() != MatchType.REGEX) {
            return;
        }
        try {
            patterns.compile(rule.match().value());
        } catch (TextPatterns.InvalidPatternException e) {
            String where = e.position() >= 0 ? " at position " + e.position() : "";
            throw new InvalidRuleException(List.of(new FieldError(fieldPrefix + "match.value",
                    "not a valid RE2 regular expression" + where + ": " + e.getMessage())));
        }
    }

    /** A FLOW rule must start a flow that exists. */
    private void checkFlow(ReplyRule rule, String fieldPrefix) {
        if (rule.reply().type() != io.parley.domain.model.ReplyType.FLOW) {
            return;
        }
        if (flows == null || flows.findById(rule.reply().flowId()).isEmpty()) {
            throw new InvalidRuleException(List.of(new FieldError(fieldPrefix + "reply.flowId", "there is no flow "
                    + rule.reply().flowId())));
        }
    }

    @Override
    public boolean delete(long id, String actor) {
        return transactions.inTransaction(() -> {
            Optional<ReplyRule> existing = rules.findById(id);
            if (existing.isEmpty() || !rules.delete(id)) {
                return false;
            }
            int version = history.append(id, "DELETED", existing.get(), actor, clock.instant());
            audit.record(actor, AuditAction.RULE_DELETED, target(existing.get()),
                    described(existing.get(), version));
            return true;
        });
    }

    @Override
    public List<RuleVersion> history(long id) {
        return transactions.inTransaction(() -> history.history(id));
    }

    @Override
    public Optional<ReplyRule> restore(long id, int version, String actor) {
        return transactions.inTransaction(() -> history.version(id, version).map(old -> {
            ReplyRule definition = old.rule();
            if (rules.update(definition.withId(id))) {
                int now = history.append(id, "RESTORED", definition.withId(id), actor, clock.instant());
                audit.record(actor, AuditAction.RULE_RESTORED, target(definition.withId(id)),
                        "version " + version + " restored as " + described(definition, now));
                return definition.withId(id);
            }
            ReplyRule recreated = rules.insert(definition.withId(null));
            int now = history.append(recreated.id(), "RESTORED", recreated, actor, clock.instant());
            audit.record(actor, AuditAction.RULE_RESTORED, target(recreated), "version " + version + " of deleted "
                    + "rule " + id + " restored as " + described(recreated, now));
            return recreated;
        }));
    }

    @Override
    public List<ReplyRule> importAll(List<ReplyRule> imported, String actor) {
        for (int i = 0; i < imported.size(); i++) {
            checkPlaceholders(imported.get(i), "rules[" + i + "].");
            checkPattern(imported.get(i), catalog.patterns(), "rules[" + i + "].");
            checkFlow(imported.get(i), "rules[" + i + "].");
        }
        return transactions.inTransaction(() -> {
            int replaced = 0;
            for (ReplyRule existing : rules.findAll()) {
                rules.delete(existing.id());
                history.append(existing.id(), "DELETED", existing, actor, clock.instant());
                replaced++;
            }
            List<ReplyRule> created = new ArrayList<>();
            for (ReplyRule rule : imported) {
                ReplyRule stored = rules.insert(rule.withId(null));
                history.append(stored.id(), "IMPORTED", stored, actor, clock.instant());
                created.add(stored);
            }
            audit.record(actor, AuditAction.RULES_IMPORTED, "rules", count(created.size(), "rule") + " imported, "
                    + count(replaced, "rule") + " replaced");
            return created;
        });
    }

    @Override
    public List<ReplyRule> reorder(List<Long> ids, String actor) {
        return transactions.inTransaction(() -> {
            List<ReplyRule> all = rules.findAll();
            if (ids.size() != all.size() || !new HashSet<>(ids).equals(new HashSet<>(all.stream()
                    .map(ReplyRule::id).toList()))) {
                throw new IllegalArgumentException("give the ids of all " + all.size()
                        + " rules, each once, in the new order");
            }
            List<ReplyRule> reordered = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                long id = ids.get(i);
                ReplyRule rule = all.stream().filter(r -> r.id() == id).findFirst().orElseThrow();
                int priority = (i + 1) * 10;
                ReplyRule moved = rule.withPriority(priority);
                if (rule.priority() != priority) {
                    rules.update(moved);
                    history.append(id, "UPDATED", moved, actor, clock.instant());
                }
                reordered.add(moved);
            }
            audit.record(actor, AuditAction.RULES_REORDERED, "rules", "new order: " + ids);
            return reordered;
        });
    }

    @Override
    public List<RuleLint.Warning> lint(long id) {
        return RuleLint.concerning(rules.findAll(), id);
    }

    @Override
    public Map<Long, List<RuleLint.Warning>> lintAll() {
        return RuleLint.lint(rules.findAll());
    }

    @Override
    public RuleTest test(RuleInput input) {
        return test(input, catalog.current());
    }

    @Override
    public RuleTest test(RuleInput input, ReplyRule draft) {
        if (draft == null) {
            return test(input);
        }
        checkPattern(draft, catalog.patterns(), "draft.");
        List<ReplyRule> set = new ArrayList<>();
        boolean replaced = false;
        for (ReplyRule rule : rules.findAll()) {
            if (draft.id() != null && draft.id().equals(rule.id())) {
                set.add(draft);
                replaced = true;
            } else {
                set.add(rule);
            }
        }
        if (!replaced) {
            set.add(draft.withId(DRAFT_ID)); // a new rule comes after the others of its priority, as once saved
        }
        return test(input, new CompiledRuleSet(set, catalog.patterns()));
    }

    private RuleTest test(RuleInput input, CompiledRuleSet current) {
        RuleInput at = input.at() == null ? input.withContext(input.channelId(), input.customerId(), clock.instant(),
                input.previousInboundAt(), input.language(), input.intent()) : input;
        Optional<ReplyRule> winner = current.firstMatch(at);
        OutboundContent reply = winner.flatMap(r -> r.reply().render(new RuleReply.Context(at.text(),
                at.customerId(), r.name(), at.at(), r.conditions().schedule() == null ? ZoneOffset.UTC
                : r.conditions().schedule().zone(), at.language()))).orElse(null);
        CompiledRuleSet.AnalysisNeed waits = at.language() == null && at.intent() == null
                ? current.analysisNeed(at, r -> true).orElse(null) : null;
        return new RuleTest(winner.orElse(null), reply, current.explain(at, r -> true), waits);
    }
}
