package io.parley.adapters.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.serde.annotation.Serdeable;
import io.parley.domain.model.ReplyRule;
import io.parley.domain.model.RuleVersion;
import io.parley.domain.port.out.RuleHistoryPort;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Rule versions; the definition is the rule's row as JSON, read back through the same mapping as the rules. */
@Singleton
class RuleHistoryPersistenceAdapter implements RuleHistoryPort {

    /** A reply_rule row as JSON. */
    @Serdeable
    record Definition(String name, int priority, boolean enabled, String matchType, @Nullable String matchValue,
                      String replyType, @Nullable String replyText, @Nullable String replyUrl,
                      @Nullable String replyCaption, @Nullable String templateName, @Nullable String templateLanguage,
                      @Nullable String templateParameters, @Nullable String conditions, @Nullable String variants,
                      @Nullable Long cooldownSeconds, @Nullable String replyInteractive,
                      @Nullable Long replyFlowId, @Nullable Boolean interruptsFlow) {
    }

    private final JdbcOperations jdbc;
    private final ReplyRulePersistenceAdapter rules;
    private final MessageMapper mapper;

    RuleHistoryPersistenceAdapter(JdbcOperations jdbc, ReplyRulePersistenceAdapter rules, MessageMapper mapper) {
        this.jdbc = jdbc;
        this.rules = rules;
        this.mapper = mapper;
    }

    @Override
    public int append(long ruleId, String change, ReplyRule rule, String changedBy, Instant at) {
        ReplyRuleEntity e = rules.toEntity(rule, at, at);
        String definition = mapper.write(new Definition(e.name(), e.priority(), e.enabled(), e.matchType(),
                e.matchValue(), e.replyType(), e.replyText(), e.replyUrl(), e.replyCaption(), e.templateName(),
                e.templateLanguage(), e.templateParameters(), e.conditions(), e.variants(), e.cooldownSeconds(),
                e.replyInteractive(), e.replyFlowId(), e.interruptsFlow()));
        int version = jdbc.prepareStatement("SELECT COALESCE(MAX(version), 0) + 1 FROM reply_rule_version "
                + "WHERE rule_id = ?", statement -> {
                    statement.setLong(1, ruleId);
                    try (ResultSet rows = statement.executeQuery()) {
                        rows.next();
                        return rows.getInt(1);
                    }
                });
        jdbc.prepareStatement("INSERT INTO reply_rule_version (rule_id, version, change, definition, changed_by, "
                + "changed_at) VALUES (?, ?, ?, ?, ?, ?)", statement -> {
                    statement.setLong(1, ruleId);
                    statement.setInt(2, version);
                    statement.setString(3, change);
                    statement.setString(4, definition);
                    statement.setString(5, changedBy == null ? "unknown" : changedBy);
                    statement.setTimestamp(6, Timestamp.from(at));
                    return statement.executeUpdate();
                });
        return version;
    }

    @Override
    public List<RuleVersion> history(long ruleId) {
        return query("WHERE rule_id = ? ORDER BY version", ruleId, null);
    }

    @Override
    public Optional<RuleVersion> version(long ruleId, int version) {
        return query("WHERE rule_id = ? AND version = ?", ruleId, version).stream().findFirst();
    }

    private List<RuleVersion> query(String where, long ruleId, Integer version) {
        return jdbc.prepareStatement("SELECT rule_id, version, change, definition, changed_by, changed_at FROM "
                + "reply_rule_version " + where, statement -> {
                    statement.setLong(1, ruleId);
                    if (version != null) {
                        statement.setInt(2, version);
                    }
                    List<RuleVersion> found = new ArrayList<>();
                    try (ResultSet rows = statement.executeQuery()) {
                        while (rows.next()) {
                            Definition d = mapper.read(rows.getString(4), Definition.class);
                            Instant at = rows.getTimestamp(6).toInstant();
                            ReplyRule rule = rules.toDomain(new ReplyRuleEntity(rows.getLong(1), d.name(),
                                    d.priority(), d.enabled(), d.matchType(), d.matchValue(), d.replyType(),
                                    d.replyText(), d.replyUrl(), d.replyCaption(), d.templateName(),
                                    d.templateLanguage(), d.templateParameters(), at, at, d.conditions(),
                                    d.variants(), d.cooldownSeconds(), d.replyInteractive(), d.replyFlowId(),
                                    Boolean.TRUE.equals(d.interruptsFlow())));
                            found.add(new RuleVersion(rows.getLong(1), rows.getInt(2), rows.getString(3), rule,
                                    rows.getString(5), at));
                        }
                    }
                    return found;
                });
    }

}
