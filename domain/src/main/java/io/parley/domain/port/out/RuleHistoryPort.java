package io.parley.domain.port.out;

import io.parley.domain.model.ReplyRule;
import io.parley.domain.model.RuleVersion;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Every version of every rule, in the current transaction. */
public interface RuleHistoryPort {

    /** Records a change and returns the version it got (1, 2, ...). */
    int append(long ruleId, String change, ReplyRule rule, String changedBy, Instant at);

    /** Oldest first. */
    List<RuleVersion> history(long ruleId);

    Optional<RuleVersion> version(long ruleId, int version);
}
