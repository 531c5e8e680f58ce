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

    /**
     * @param wouldWait how many of the messages' answers would wait for their analysis under the replayed rules
     */
    record Report(int messages, int unchanged, int changed, boolean truncated, List<Difference> differences,
                  int wouldWait) {
    }

    /**
     * @param answerHold    how the actual answer waited ({@code ANALYSED}, {@code TIMED_OUT}, {@code IN_TURN}), or null
     * @param analysis      what the message's analysis found ("intent …, language …"), or null
     * @param wouldWaitFor  why the proposed answer would wait for the analysis, in words, or null
     */
    record Difference(UUID messageId, Instant receivedAt, String text, Long actualRuleId, String actualReply,
                      Long proposedRuleId, String proposedRuleName, String proposedReply, String answerHold,
                      String analysis, String wouldWaitFor) {
    }
}
