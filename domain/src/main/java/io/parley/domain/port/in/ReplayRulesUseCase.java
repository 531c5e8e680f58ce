package io.parley.domain.port.in;

import io.parley.domain.model.ReplyRule;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Runs rules over stored messages to show what would have been answered differently; sends nothing. */
public interface ReplayRulesUseCase {

    /**
     * @param draft the rules to try, or null for the current ones
     */
    Report replay(Instant from, Instant to, List<ReplyRule> draft);

    record Report(int messages, int unchanged, int changed, boolean truncated, List<Difference> differences) {
    }

    record Difference(UUID messageId, Instant receivedAt, String text, Long actualRuleId, String actualReply,
                      Long proposedRuleId, String proposedRuleName, String proposedReply) {
    }
}
