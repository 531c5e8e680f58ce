package io.parley.domain.port.in;

import io.parley.domain.model.ReplyRule;
import io.parley.domain.model.RuleInput;
import java.util.List;
import java.util.Optional;

/** What business users do with rules. Invalid rules never get this far: {@link ReplyRule} validates itself. */
public interface ManageReplyRulesUseCase {

    /** All rules in evaluation order (ascending priority, then creation order), disabled ones included. */
    List<ReplyRule> list();

    Optional<ReplyRule> get(long id);

    ReplyRule create(ReplyRule rule);

    /** Replaces rule {@code id}; empty when there is none. */
    Optional<ReplyRule> replace(long id, ReplyRule rule);

    boolean delete(long id);

    /** Which enabled rule would answer {@code input} right now; sends and stores nothing. */
    Optional<ReplyRule> test(RuleInput input);
}
