package io.parley.domain.service;

import io.parley.domain.model.CompiledRuleSet;
import io.parley.domain.model.ReplyRule;
import io.parley.domain.model.RuleInput;
import io.parley.domain.port.in.ManageReplyRulesUseCase;
import io.parley.domain.port.out.ReplyRulePort;
import io.parley.domain.port.out.TransactionPort;
import java.util.List;
import java.util.Optional;

public final class ManageReplyRulesService implements ManageReplyRulesUseCase {

    private final TransactionPort transactions;
    private final ReplyRulePort rules;
    private final ReplyRuleCatalog catalog;

    public ManageReplyRulesService(TransactionPort transactions, ReplyRulePort rules, ReplyRuleCatalog catalog) {
        this.transactions = transactions;
        this.rules = rules;
        this.catalog = catalog;
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
        return transactions.inTransaction(() -> rules.insert(rule.withId(null)));
    }

    @Override
    public Optional<ReplyRule> replace(long id, ReplyRule rule) {
        ReplyRule withId = rule.withId(id);
        return transactions.inTransaction(() -> rules.update(withId) ? Optional.of(withId) : Optional.empty());
    }

    @Override
    public boolean delete(long id) {
        return transactions.inTransaction(() -> rules.delete(id));
    }

    @Override
    public Optional<ReplyRule> test(RuleInput input) {
        return catalog.current().firstMatch(input);
    }
}
