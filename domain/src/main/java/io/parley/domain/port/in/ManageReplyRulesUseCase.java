package io.parley.domain.port.in;

import io.parley.domain.model.CompiledRuleSet;
import io.parley.domain.model.OutboundContent;
import io.parley.domain.model.ReplyRule;
import io.parley.domain.model.RuleInput;
import io.parley.domain.model.RuleLint;
import io.parley.domain.model.RuleVersion;
import java.util.List;
import java.util.Optional;

/** What business users do with rules. Invalid rules never get this far: {@link ReplyRule} validates itself. */
public interface ManageReplyRulesUseCase {

    /** All rules in evaluation order (ascending priority, then creation order), disabled ones included. */
    List<ReplyRule> list();

    Optional<ReplyRule> get(long id);

    /**
     * @throws io.parley.domain.model.InvalidRuleException also for a REGEX that RE2 cannot compile
     */
    ReplyRule create(ReplyRule rule, String actor);

    default ReplyRule create(ReplyRule rule) {
        return create(rule, "system");
    }

    /** Replaces rule {@code id}; empty when there is none. */
    Optional<ReplyRule> replace(long id, ReplyRule rule, String actor);

    default Optional<ReplyRule> replace(long id, ReplyRule rule) {
        return replace(id, rule, "system");
    }

    boolean delete(long id, String actor);

    default boolean delete(long id) {
        return delete(id, "system");
    }

    /** Every version of the rule, oldest first (also of a deleted rule). */
    List<RuleVersion> history(long id);

    /**
     * Makes an old version current again: the rule takes that version's definition (a deleted rule comes back
     * under a new id). Empty when there is no such version.
     */
    Optional<ReplyRule> restore(long id, int version, String actor);

    /**
     * Replaces the whole rule set with {@code rules}, all or nothing: every rule is checked first, and nothing
     * changes when one is invalid.
     *
     * @throws io.parley.domain.model.InvalidRuleException naming the rule (rules[i].field) and the problem
     */
    List<ReplyRule> importAll(List<ReplyRule> rules, String actor);

    /**
     * Puts the rules in the given order by giving them priorities 10, 20, 30, ...
     *
     * @throws IllegalArgumentException when {@code ids} is not exactly the ids of all rules
     */
    List<ReplyRule> reorder(List<Long> ids, String actor);

    /** Lint warnings concerning rule {@code id}: it is shadowed or duplicated, or it shadows others. */
    List<RuleLint.Warning> lint(long id);

    /** Lint warnings for the whole rule set, by rule id. */
    java.util.Map<Long, List<RuleLint.Warning>> lintAll();

    /** Which enabled rule would answer {@code input} right now, with what, and why each rule did or did not. */
    RuleTest test(RuleInput input);

    /**
     * The same with {@code draft} (a rule being edited, not saved) in the rule set: in the place of the rule with its
     * id, or added when it has none ({@link #DRAFT_ID} in the answer).
     */
    RuleTest test(RuleInput input, ReplyRule draft);

    /** The id a new, unsaved rule has in a test's answer. */
    long DRAFT_ID = Long.MAX_VALUE;

    /**
     * @param winner the rule that answers, or null
     * @param reply  what it would send (null for NONE, a silent HANDOFF, or no winner)
     * @param waits  when the input names no analysis: why, on a channel that sends analyses, the answer would wait
     *               for the message's analysis (the winner and reply are then what answers if none comes); null when
     *               it would not wait
     */
    record RuleTest(ReplyRule winner, OutboundContent reply, List<CompiledRuleSet.RuleTrace> trace,
                    CompiledRuleSet.AnalysisNeed waits) {

        public RuleTest(ReplyRule winner, OutboundContent reply, List<CompiledRuleSet.RuleTrace> trace) {
            this(winner, reply, trace, null);
        }
    }
}
