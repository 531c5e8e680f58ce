package io.parley.domain.service;

import io.parley.domain.model.AnswerHold;
import io.parley.domain.model.CompiledRuleSet;
import io.parley.domain.model.MessageAnalysis;
import io.parley.domain.model.OutboundContent;
import io.parley.domain.model.ReplyRule;
import io.parley.domain.model.RuleInput;
import io.parley.domain.model.RuleReply;
import io.parley.domain.port.in.ReplayRulesUseCase;
import io.parley.domain.port.out.ReplayQueries;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Replays rules over stored customer messages. Guards that depend on the moment (cooldowns, flood and loop
 * guards, handoffs) are not replayed: the report compares what the rules themselves would answer. A message is
 * replayed with its analysis unless its answer was decided without it (the analysis came after the deadline), and
 * the report says which answers would wait for the analysis under the replayed rules.
 */
public final class ReplayRulesService implements ReplayRulesUseCase {

    static final int MAX_MESSAGES = 10_000;
    static final int MAX_DIFFERENCES = 500;

    private final ReplayQueries queries;
    private final ReplyRuleCatalog catalog;

    public ReplayRulesService(ReplayQueries queries, ReplyRuleCatalog catalog) {
        this.queries = queries;
        this.catalog = catalog;
    }

    @Override
    public Report replay(Instant from, Instant to, List<ReplyRule> draft) {
        CompiledRuleSet rules;
        if (draft == null) {
            rules = catalog.current();
        } else {
            List<ReplyRule> numbered = new ArrayList<>();
            for (int i = 0; i < draft.size(); i++) {
                ManageReplyRulesService.checkPattern(draft.get(i), catalog.patterns(), "rules[" + i + "].");
                numbered.add(draft.get(i).withId((long) i + 1)); // ties keep the draft's order
            }
            rules = new CompiledRuleSet(numbered, catalog.patterns());
        }
        List<ReplayQueries.Answered> answered = queries.inboundBetween(from, to, MAX_MESSAGES + 1);
        boolean truncated = answered.size() > MAX_MESSAGES;
        List<Difference> differences = new ArrayList<>();
        int changed = 0;
        int total = Math.min(answered.size(), MAX_MESSAGES);
        int wouldWait = 0;
        for (ReplayQueries.Answered a : answered.subList(0, total)) {
            if (!a.message().content().expectsAnswer()) {
                continue;
            }
            // an analysis that came after the deadline did not decide the answer: the replay does without it too
            MessageAnalysis analysis = a.message().hold() == AnswerHold.TIMED_OUT ? null : a.message().analysis();
            String language = analysis == null ? null : analysis.language();
            String intent = analysis == null ? null : analysis.intent();
            RuleInput unanalysed = a.message().content().toRuleInput(a.first()).withContext(a.channelId(),
                    a.customerId(), a.message().receivedAt(), null, null, null);
            RuleInput input = unanalysed.withContext(a.channelId(), a.customerId(), a.message().receivedAt(), null,
                    language, intent);
            Optional<CompiledRuleSet.AnalysisNeed> need = rules.analysisNeed(unanalysed, r -> true);
            if (need.isPresent()) {
                wouldWait++;
            }
            Optional<ReplyRule> winner = rules.firstMatch(input);
            String proposed = winner.flatMap(r -> r.reply().render(new RuleReply.Context(a.message().text(),
                            a.customerId(), r.name(), a.message().createdAt(), r.conditions().schedule() == null
                            ? ZoneOffset.UTC : r.conditions().schedule().zone(), language, java.util.Map.of(),
                            analysis)))
                    .map(OutboundContent::summary).orElse(null);
            if (!Objects.equals(proposed, a.actualReply())) {
                changed++;
                if (differences.size() < MAX_DIFFERENCES) {
                    differences.add(new Difference(a.message().id(), a.message().receivedAt(), a.message().text(),
                            a.actualRuleId(), a.actualReply(), draft == null ? winner.map(ReplyRule::id).orElse(null)
                            : null, winner.map(ReplyRule::name).orElse(null), proposed,
                            a.message().hold() == null ? null : a.message().hold().name(),
                            describe(a.message().analysis()), need.map(CompiledRuleSet.AnalysisNeed::describe)
                            .orElse(null)));
                }
            }
        }
        return new Report(total, total - changed, changed, truncated || differences.size() < changed, differences,
                wouldWait);
    }

    /** What an analysis found, in words: "intent …, language …, key phrases …"; null for none. */
    static String describe(MessageAnalysis analysis) {
        if (analysis == null) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        if (analysis.intent() != null) {
            parts.add("intent " + analysis.intent());
        }
        if (analysis.language() != null) {
            parts.add("language " + analysis.language());
        }
        if (!analysis.keyPhrases().isEmpty()) {
            parts.add("key phrases " + String.join(", ", analysis.keyPhrases()));
        }
        return parts.isEmpty() ? "nothing found" : String.join("; ", parts);
    }
}
