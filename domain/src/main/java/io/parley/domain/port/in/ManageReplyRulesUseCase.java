package io.parley.domain.port.in;

import io.parley.domain.model.CompiledRuleSet;
import io.parley.domain.model.OutboundContent;
import io.parley.domain.model.ReplyRule;
import io.parley.domain.model.RuleInput;
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
    ReplyRule create(ReplyRule rule);

    /** Replaces rule {@code id}; empty when there is none. */
    Optional<ReplyRule> replace(long id, ReplyRule rule);

    boolean delete(long id);

    /** Which enabled rule would answer {@code input} right now, with what, and why each rule did or did not. */
    RuleTest test(RuleInput input);

    /**
     * @param winner the rule that answers, or null
     * @param reply  what it would send (null for NONE, a silent HANDOFF, or no winner)
     */
    record RuleTest(ReplyRule winner, OutboundContent reply, List<CompiledRuleSet.RuleTrace> trace) {
    }
}
