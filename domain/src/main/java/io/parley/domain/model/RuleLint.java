package io.parley.domain.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Warnings about a rule set that is valid but probably not what its author meant: a rule that can never answer
 * because an earlier one always answers first (SHADOWED), or two rules with the same match (DUPLICATE). Only earlier
 * rules without conditions or cooldown are certain to answer first, so only they shadow.
 */
public final class RuleLint {

    /** {@code ruleId} is the rule the warning is about; {@code byRuleId} the earlier rule that causes it. */
    public record Warning(long ruleId, String kind, long byRuleId, String message) {
    }

    private RuleLint() {
    }

    /** Warnings for every enabled rule of {@code rules}, by rule id. */
    public static Map<Long, List<Warning>> lint(List<ReplyRule> rules) {
        List<ReplyRule> ordered = rules.stream().filter(ReplyRule::enabled).filter(r -> r.id() != null)
                .sorted(CompiledRuleSet.EVALUATION_ORDER).toList();
        Map<Long, List<Warning>> warnings = new HashMap<>();
        for (int i = 0; i < ordered.size(); i++) {
            ReplyRule later = ordered.get(i);
            for (int j = 0; j < i; j++) {
                ReplyRule earlier = ordered.get(j);
                if (!earlier.conditions().isEmpty() || earlier.cooldown() != null) {
                    continue;
                }
                String kind = relation(earlier.match(), later.match());
                if (kind != null) {
                    String message = kind.equals("DUPLICATE")
                            ? "same match as rule " + earlier.id() + " (\"" + earlier.name() + "\"), which comes first"
                            : "can never answer: rule " + earlier.id() + " (\"" + earlier.name() + "\", priority "
                            + earlier.priority() + ") answers every such message first";
                    warnings.computeIfAbsent(later.id(), id -> new ArrayList<>())
                            .add(new Warning(later.id(), kind, earlier.id(), message));
                    break;
                }
            }
        }
        return warnings;
    }

    /** The warnings that concern {@code ruleId}: about it, and about rules it shadows. */
    public static List<Warning> concerning(List<ReplyRule> rules, long ruleId) {
        List<Warning> found = new ArrayList<>();
        lint(rules).values().forEach(list -> list.stream()
                .filter(w -> w.ruleId() == ruleId || w.byRuleId() == ruleId).forEach(found::add));
        return found;
    }

    /** DUPLICATE, SHADOWED, or null when {@code earlier} does not always answer before {@code later}. */
    static String relation(RuleMatch earlier, RuleMatch later) {
        if (earlier.type() == MatchType.ANY) {
            return "SHADOWED";
        }
        if (earlier.type() == later.type() && normalized(earlier).equals(normalized(later))) {
            return "DUPLICATE";
        }
        if (earlier.type() == MatchType.CONTAINS
                && (later.type() == MatchType.KEYWORD || later.type() == MatchType.CONTAINS)
                && Collections.indexOfSubList(TextNormalizer.words(later.value()),
                TextNormalizer.words(earlier.value())) >= 0) {
            return "SHADOWED";
        }
        if (earlier.type() == MatchType.MEDIA && later.type() == MatchType.MEDIA
                && later.value().toLowerCase(Locale.ROOT).startsWith(earlier.value().toLowerCase(Locale.ROOT))) {
            return "SHADOWED";
        }
        return null;
    }

    private static String normalized(RuleMatch match) {
        return switch (match.type()) {
            case KEYWORD -> TextNormalizer.keyword(match.value());
            case CONTAINS, INTENT -> String.join(" ", TextNormalizer.words(match.value()));
            case MEDIA, LANGUAGE -> match.value().toLowerCase(Locale.ROOT);
            case ANY, FIRST_MESSAGE -> "";
            default -> match.value();
        };
    }
}
