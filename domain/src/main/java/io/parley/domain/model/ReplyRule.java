package io.parley.domain.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A reply rule as business users configure it. Rules are evaluated enabled-only, in ascending {@code priority}, ties
 * by creation order ({@code id}); the first that matches replies. A rule checks itself when it is built: an invalid
 * one cannot exist.
 *
 * @param id null until stored
 */
public record ReplyRule(Long id, String name, int priority, boolean enabled, RuleMatch match, RuleReply reply) {

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
        if (!problems.isEmpty()) {
            throw new InvalidRuleException(problems);
        }
        name = name.strip();
    }

    public ReplyRule withId(Long newId) {
        return new ReplyRule(newId, name, priority, enabled, match, reply);
    }
}
