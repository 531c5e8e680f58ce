package io.parley.adapters.persistence;

import io.parley.domain.model.InteractiveParts;
import io.parley.domain.model.MatchType;
import io.parley.domain.model.ReplyRule;
import io.parley.domain.model.ReplyType;
import io.parley.domain.model.RuleMatch;
import io.parley.domain.model.RuleReply;
import io.parley.domain.port.out.ReplyRulePort;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;

/** Rules as rows; every change bumps the rule-set version in the same transaction. */
@Singleton
class ReplyRulePersistenceAdapter implements ReplyRulePort {

    private final ReplyRuleRepository rules;
    private final MessageMapper mapper;
    private final Clock clock;

    ReplyRulePersistenceAdapter(ReplyRuleRepository rules, MessageMapper mapper, Clock clock) {
        this.rules = rules;
        this.mapper = mapper;
        this.clock = clock;
    }

    @Override
    public List<ReplyRule> findAll() {
        return StreamSupport.stream(rules.findAll().spliterator(), false).map(this::toDomain).toList();
    }

    @Override
    public Optional<ReplyRule> findById(long id) {
        return rules.findById(id).map(this::toDomain);
    }

    @Override
    public ReplyRule insert(ReplyRule rule) {
        Instant now = clock.instant();
        ReplyRuleEntity saved = rules.save(toEntity(rule, now, now));
        rules.bumpVersion();
        return rule.withId(saved.id());
    }

    @Override
    public boolean update(ReplyRule rule) {
        Optional<ReplyRuleEntity> existing = rules.findById(rule.id());
        if (existing.isEmpty()) {
            return false;
        }
        rules.update(toEntity(rule, existing.get().createdAt(), clock.instant()));
        rules.bumpVersion();
        return true;
    }

    @Override
    public boolean delete(long id) {
        if (!rules.existsById(id)) {
            return false;
        }
        rules.deleteById(id);
        rules.bumpVersion();
        return true;
    }

    @Override
    public long version() {
        return rules.version();
    }

    ReplyRuleEntity toEntity(ReplyRule rule, Instant createdAt, Instant updatedAt) {
        RuleReply reply = rule.reply();
        return new ReplyRuleEntity(rule.id(), rule.name(), rule.priority(), rule.enabled(),
                rule.match().type().name(), rule.match().value(), reply.type().name(), reply.text(), reply.url(),
                reply.caption(), reply.templateName(), reply.templateLanguage(),
                mapper.writeList(reply.templateParameters()), createdAt, updatedAt,
                rule.conditions().isEmpty() ? null : mapper.write(RuleConditionsJson.of(rule.conditions())),
                reply.variants().isEmpty() ? null : mapper.write(reply.variants()),
                rule.cooldown() == null ? null : rule.cooldown().toSeconds(),
                reply.interactive().isEmpty() ? null : mapper.write(InteractiveJson.of(reply.interactive())),
                reply.flowId(), rule.interruptsFlow());
    }

    ReplyRule toDomain(ReplyRuleEntity e) {
        return new ReplyRule(e.id(), e.name(), e.priority(), e.enabled(),
                new RuleMatch(MatchType.valueOf(e.matchType()), e.matchValue()),
                new RuleReply(ReplyType.valueOf(e.replyType()), e.replyText(), e.replyUrl(), e.replyCaption(),
                        e.templateName(), e.templateLanguage(), mapper.readList(e.templateParameters()),
                        e.variants() == null ? Map.of() : mapper.readMap(e.variants()),
                        e.replyInteractive() == null ? InteractiveParts.NONE
                                : mapper.read(e.replyInteractive(), InteractiveJson.class).toParts(), e.replyFlowId()),
                e.conditions() == null ? null : mapper.read(e.conditions(), RuleConditionsJson.class).toDomain(),
                e.cooldownSeconds() == null ? null : Duration.ofSeconds(e.cooldownSeconds()), e.interruptsFlow());
    }
}
