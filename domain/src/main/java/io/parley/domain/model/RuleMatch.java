package io.parley.domain.model;

import java.util.List;
import java.util.Objects;

/** The condition of a rule: a type and, for most types, a value. */
public record RuleMatch(MatchType type, String value) {

    public RuleMatch {
        Objects.requireNonNull(type, "type");
        value = value == null ? null : value.strip();
    }

    void collectProblems(List<FieldError> problems) {
        if (type.needsValue()) {
            if (value == null || value.isEmpty()) {
                problems.add(new FieldError("match.value", "must not be empty for " + type));
            } else if ((type == MatchType.KEYWORD || type == MatchType.CONTAINS || type == MatchType.INTENT)
                    && TextNormalizer.words(value).isEmpty()) {
                problems.add(new FieldError("match.value", "has no letters, digits or symbols to match"));
            }
        }
        if (value != null && value.length() > 1000) {
            problems.add(new FieldError("match.value", "must be at most 1000 characters"));
        }
    }
}
