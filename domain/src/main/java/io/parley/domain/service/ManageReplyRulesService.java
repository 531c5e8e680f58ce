package io.parley.domain.service;

import io.parley.domain.model.CompiledRuleSet;
import io.parley.domain.model.FieldError;
import io.parley.domain.model.InvalidRuleException;
import io.parley.domain.model.MatchType;
import io.parley.domain.model.OutboundContent;
import io.parley.domain.model.ReplyRule;
import io.parley.domain.model.RuleInput;
import io.parley.domain.model.RuleReply;
import io.parley.domain.port.in.ManageReplyRulesUseCase;
import io.parley.domain.port.out.ReplyRulePort;
import io.parley.domain.port.out.TextPatterns;
import io.parley.domain.port.out.TransactionPort;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

public final class ManageReplyRulesService implements ManageReplyRulesUseCase {

    private final TransactionPort transactions;
    private final ReplyRulePort rules;
    private final ReplyRuleCatalog catalog;
    private final Clock clock;

    public ManageReplyRulesService(TransactionPort transactions, ReplyRulePort rules, ReplyRuleCatalog catalog) {
        this(transactions, rules, catalog, Clock.systemUTC());
    }

    public ManageReplyRulesService(TransactionPort transactions, ReplyRulePort rules, ReplyRuleCatalog catalog,
                                   Clock clock) {
        this.transactions = transactions;
        this.rules = rules;
        this.catalog = catalog;
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
    public ReplyRule create(ReplyRule rule) {
        checkPattern(rule, catalog.patterns());
        return transactions.inTransaction(() -> rules.insert(rule.withId(null)));
    }

    @Override
    public Optional<ReplyRule> replace(long id, ReplyRule rule) {
        checkPattern(rule, catalog.patterns());
        ReplyRule withId = rule.withId(id);
        return transactions.inTransaction(() -> rules.update(withId) ? Optional.of(withId) : Optional.empty());
    }

    /** A REGEX rule must compile on RE2; the error names the position. */
    static void checkPattern(ReplyRule rule, TextPatterns patterns) {
        if (rule.match().type() != MatchType.REGEX) {
            return;
        }
        try {
            patterns.compile(rule.match().value());
        } catch (TextPatterns.InvalidPatternException e) {
            String where = e.position() >= 0 ? " at position " + e.position() : "";
            throw new InvalidRuleException(List.of(new FieldError("match.value",
                    "not a valid RE2 regular expression" + where + ": " + e.getMessage())));
        }
    }

    @Override
    public boolean delete(long id) {
        return transactions.inTransaction(() -> rules.delete(id));
    }

    @Override
    public RuleTest test(RuleInput input) {
        CompiledRuleSet current = catalog.current();
        RuleInput at = input.at() == null ? input.withContext(input.channelId(), input.customerId(), clock.instant(),
                input.previousInboundAt(), input.language(), input.intent()) : input;
        Optional<ReplyRule> winner = current.firstMatch(at);
        OutboundContent reply = winner.flatMap(r -> r.reply().render(new RuleReply.Context(at.text(),
                at.customerId(), r.name(), at.at(), r.conditions().schedule() == null ? ZoneOffset.UTC
                : r.conditions().schedule().zone(), at.language()))).orElse(null);
        return new RuleTest(winner.orElse(null), reply, current.explain(at, r -> true));
    }
}
