package io.parley.domain.model;

import java.time.Instant;

/**
 * One change of a rule: who, when, what (CREATED, UPDATED, DELETED, RESTORED, IMPORTED), and the rule as it was
 * after the change (as it was before, for DELETED).
 */
public record RuleVersion(long ruleId, int version, String change, ReplyRule rule, String changedBy,
                          Instant changedAt) {
}
