package io.parley.domain.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A reply rule as business users configure it. Rules are evaluated enabled-only, in ascending {@code priority}, ties
 * by creation order ({@code id}); the first whose match and conditions hold, and which is not cooling down for the
 * customer, replies. A rule checks itself when it is built: an invalid one cannot exist.
 *
 * @param id         null until stored
 * @param conditions further conditions (schedule, new or inactive customer, channel, language); never null
 * @param cooldown   the rule answers one customer at most once in this period (null: no limit)
 * @param interruptsFlow true for a rule ("talk to a person", "menu") that answers even while a flow waits for the
 *                   customer's answer, and ends that flow
 */
public record ReplyRule(Long id, String name, int priority, boolean enabled, RuleMatch match, RuleReply reply,
                        RuleConditions conditions, Duration cooldown, boolean interruptsFlow) {

    public ReplyRule {
        List<FieldError> problems = new ArrayList<>();
        if (name == null || name.isBlank()) {
            problems.add(new FieldError("name", "must not be empty"));
        } else if (name.length() > 200) {
            problems.add(new FieldError("name", "must be at most 200 characters"));
        }
        if (match == null) {
            problems.add(new FieldError("match", "is required"));
        } else {
            match.collectProblems(problems);
        }
        if (reply == null) {
            problems.add(new FieldError("reply", "is required"));
        } else {
            reply.collectProblems(problems);
        }
        conditions = conditions == null ? RuleConditions.NONE : conditions;
        conditions.collectProblems(problems);
        if (cooldown != null && (cooldown.isNegative() || cooldown.isZero())) {
            problems.add(new FieldError("cooldown", "must be positive"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRuleException(problems);
        }
        name = name.strip();
    }

    public ReplyRule(Long id, String name, int priority, boolean enabled, RuleMatch match, RuleReply reply,
                     RuleConditions conditions, Duration cooldown) {
        this(id, name, priority, enabled, match, reply, conditions, cooldown, false);
    }

    public ReplyRule(Long id, String name, int priority, boolean enabled, RuleMatch match, RuleReply reply) {
        this(id, name, priority, enabled, match, reply, RuleConditions.NONE, null);
    }

    public ReplyRule withId(Long newId) {
        return new ReplyRule(newId, name, priority, enabled, match, reply, conditions, cooldown, interruptsFlow);
    }

    /** The same rule switched on or off. */
    public ReplyRule withEnabled(boolean on) {
        return new ReplyRule(id, name, priority, on, match, reply, conditions, cooldown, interruptsFlow);
    }

    /** The same rule at another priority. */
    public ReplyRule withPriority(int newPriority) {
        return new ReplyRule(id, name, newPriority, enabled, match, reply, conditions, cooldown, interruptsFlow);
    }
}
