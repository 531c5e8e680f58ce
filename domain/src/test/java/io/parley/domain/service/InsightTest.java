package io.parley.domain.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.domain.model.AnswerKind;
import io.parley.domain.model.DeliveryStatus;
import io.parley.domain.model.Flow;
import io.parley.domain.model.Flows;
import io.parley.domain.model.HttpCall;
import io.parley.domain.model.InboundContent;
import io.parley.domain.model.InboundMessage;
import io.parley.domain.model.InsightMetric;
import io.parley.domain.model.InvalidRuleException;
import io.parley.domain.model.MatchType;
import io.parley.domain.model.OutboundContent;
import io.parley.domain.model.OutboundMessage;
import io.parley.domain.model.ReplyGuards;
import io.parley.domain.model.ReplyRule;
import io.parley.domain.model.RuleMatch;
import io.parley.domain.model.RuleReply;
import io.parley.domain.port.in.SendAgentMessageCommand;
import io.parley.domain.port.out.InsightQueries;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Insight counts what happened, exactly, in the transaction where it happened: a known set of conversations is played
 * through the real services (rules, a flow with a call, a handoff, an agent, consent, statuses), then every figure of
 * the summary, the rules, the flow's funnel, the unanswered texts and a time series is checked against it.
 */
class InsightTest {

    private static final String CHANNEL = "channel-1";
    private static final String OTHER = "channel-2";

    private final ConversationHarness h = new ConversationHarness(ReplyGuards.DEFAULT);
    private final Instant start = h.clock.instant();
    private ReplyRule hours;
    private ReplyRule agentRule;
    private ReplyRule fallback;
    private ReplyRule orderRule;
    private Flow flow;

    private void rules() {
        hours = h.rules.create(new ReplyRule(null, "Opening hours", 10, true, new RuleMatch(MatchType.KEYWORD,
                "hours"), RuleReply.text("We are open 9 to 5.")));
        agentRule = h.rules.create(new ReplyRule(null, "Talk to a person", 20, true,
                new RuleMatch(MatchType.KEYWORD, "agent"), new RuleReply(io.parley.domain.model.ReplyType.HANDOFF, "A colleague takes over.", null, null,
                        null, null, List.of())));
        flow = h.flows.create(Flows.orderStatus(), "editor");
        orderRule = h.rules.create(new ReplyRule(null, "Order status", 30, true, new RuleMatch(MatchType.KEYWORD,
                "order"), RuleReply.flow(flow.id())));
        fallback = h.rules.create(new ReplyRule(null, "Fallback", 1000, true, new RuleMatch(MatchType.ANY, null),
                RuleReply.text("Sorry, I did not get that.")));
    }

    private InsightReports.Range all() {
        return h.reports.range(start.minus(Duration.ofHours(1)), h.clock.instant().plus(Duration.ofHours(1)), null);
    }

    @Test
    void everyFigureMatchesTheConversationsThatHappened() {
        // before any rule exists nothing answers: unanswered
        h.says(CHANNEL, "zoe", "anyone there?");
        rules();
        h.says(CHANNEL, "ann", "hours");                        // rule
        h.says(CHANNEL, "ann", "what??");                       // fallback
        h.says(CHANNEL, "ann", "Do you ship to Canada?");       // fallback
        h.says(CHANNEL, "bob", "do you ship to canada");        // fallback, the same question
        h.says(CHANNEL, "bob", "STOP");                         // consent (opt-out)
        h.says(CHANNEL, "bob", "hours");                        // silenced: opted out
        h.sends(CHANNEL, "bob", new InboundContent("reaction", null, null, null, null, null,
                new InboundContent.Reaction("wamid.1", "\uD83D\uDC4D"), null, null)); // no answer needed
        h.calls.answering(new HttpCall.Result(200, "{\"status\": \"shipped\"}", null));
        h.says(CHANNEL, "cat", "order");                        // flow (started by the order rule)
        h.says(CHANNEL, "cat", "not a number");                 // flow: invalid answer
        h.says(CHANNEL, "cat", "12345");                        // flow: valid, then the call
        h.runDue();                                             // the call answers: "Order 12345 is shipped."
        h.says(CHANNEL, "dan", "order");                        // flow
        h.says(CHANNEL, "dan", "agent");                        // an interrupting rule? no: the flow takes it
        h.says(CHANNEL, "dan", "x");                            // invalid
        h.says(CHANNEL, "dan", "y");                            // invalid, no tries left: to the handoff step
        h.says(OTHER, "eve", "agent");                          // rule + handoff, other channel
        h.clock.advance(Duration.ofMinutes(1));
        h.says(OTHER, "eve", "is anyone there?");               // with people
        h.clock.advance(Duration.ofMinutes(4));
        h.agent.send(new SendAgentMessageCommand(h.conversation(OTHER, "eve").id(),
                new OutboundContent.Text("Hi Eve, Sam here."), null, "sam"));

        InsightReports.Summary summary = h.reports.summary(all());
        assertEquals(17, summary.received());
        assertEquals(new InsightReports.Answered(2, 7, 3), summary.answered(),
                "rules: hours, agent (eve); flow: 3 for cat, 4 for dan; fallback: 3");
        assertEquals(1, summary.unanswered());
        assertEquals(1, summary.consent());
        assertEquals(1, summary.withPeople());
        assertEquals(1, summary.silenced());
        assertEquals(1, summary.noAnswerNeeded());
        assertEquals(12.0 / 16, summary.botShare(), 1e-9, "12 of the 16 messages that asked for an answer");
        assertEquals(2, summary.handoffs(), "eve's rule and dan's flow handed off");
        assertEquals(1, summary.agentMessages());
        assertEquals(1, summary.optOuts());
        assertEquals(0, summary.optIns());
        // 14 waits: 12 ended at once, cat's order number by the call's answer a second later, eve's second
        // message by Sam four minutes later
        assertEquals(14, summary.firstResponse().count());
        assertEquals(12, h.insightStore.total(InsightMetric.FIRST_RESPONSE, "250"));
        assertEquals(1, h.insightStore.total(InsightMetric.FIRST_RESPONSE, "1000"));
        assertEquals(1, h.insightStore.total(InsightMetric.FIRST_RESPONSE, "300000"));
        assertEquals(7.0 / 12 * 0.25, summary.firstResponse().p50(), 1e-9, "rank 7 of 12 in the first bucket");
        assertEquals(0.8, summary.firstResponse().p90(), 1e-9, "rank 12.6: 60 % into the 0.5-1 s bucket");

        List<InsightReports.RuleAnswers> byRule = h.reports.rules(all());
        assertEquals(List.of(new InsightReports.RuleAnswers(fallback.id(), "Fallback", false, 3),
                new InsightReports.RuleAnswers(orderRule.id(), "Order status", false, 2),
                new InsightReports.RuleAnswers(hours.id(), "Opening hours", false, 1),
                new InsightReports.RuleAnswers(agentRule.id(), "Talk to a person", false, 1)), byRule);

        InsightReports.FlowFunnel funnel = h.reports.flow(flow.id(), all()).orElseThrow();
        assertEquals(2, funnel.started());
        assertEquals(1, funnel.completed());
        assertEquals(1, funnel.handedOff());
        Map<String, InsightReports.StepCount> steps = new java.util.LinkedHashMap<>();
        funnel.steps().forEach(s -> steps.put(s.id(), s));
        assertEquals(List.of("ask", "lookup", "tell", "human", "bye"), List.copyOf(steps.keySet()),
                "the flow's steps in order");
        assertEquals(new InsightReports.StepCount("ask", "ASK", 2, 4, 0, 0), steps.get("ask"));
        assertEquals(new InsightReports.StepCount("lookup", "HTTP", 1, 0, 0, 0), steps.get("lookup"));
        assertEquals(new InsightReports.StepCount("tell", "END", 1, 0, 0, 0), steps.get("tell"));
        assertEquals(new InsightReports.StepCount("human", "HANDOFF", 1, 0, 0, 0), steps.get("human"));
        assertEquals(new InsightReports.StepCount("bye", "END", 0, 0, 0, 0), steps.get("bye"));

        List<InsightQueries.UnansweredGroup> unanswered = h.reports.unanswered(all(), 10);
        assertEquals(3, unanswered.size());
        assertEquals("do you ship to canada", unanswered.get(0).key());
        assertEquals("do you ship to canada", unanswered.get(0).text(), "the latest wording");
        assertEquals(2, unanswered.get(0).count());
        assertEquals(2, unanswered.get(0).byFallback());
        assertEquals(List.of("anyone there", "what"), unanswered.subList(1, 3).stream()
                .map(InsightQueries.UnansweredGroup::key).sorted().toList());

        // the same summary for one channel
        InsightReports.Summary other = h.reports.summary(h.reports.range(all().from(), all().to(), OTHER));
        assertEquals(2, other.received());
        assertEquals(new InsightReports.Answered(1, 0, 0), other.answered());
        assertEquals(1, other.withPeople());

        // each message stored with how it was answered, shown beside it in the inbox
        assertEquals(List.of(AnswerKind.FALLBACK, AnswerKind.CONSENT, AnswerKind.SILENCED, AnswerKind.NOT_NEEDED),
                h.store.inbound.values().stream()
                        .filter(m -> m.conversationId().equals(h.conversation(CHANNEL, "bob").id()))
                        .map(InboundMessage::answer).toList());
    }

    @Test
    void deliveryCountsEveryStatusReachedOnceAndFailuresByCode() {
        rules();
        h.says(CHANNEL, "ann", "hours");
        h.says(CHANNEL, "bob", "hours");
        h.says(CHANNEL, "cat", "hours");
        h.dispatcher.dispatchDue();
        List<OutboundMessage> replies = List.copyOf(h.store.outbound.values());
        assertEquals(3, replies.size());
        h.reports(replies.get(0).acsMessageId(), DeliveryStatus.SENT, null);
        h.reports(replies.get(0).acsMessageId(), DeliveryStatus.READ, null);       // delivered is implied
        h.reports(replies.get(0).acsMessageId(), DeliveryStatus.DELIVERED, null);  // late: changes nothing
        h.reports(replies.get(1).acsMessageId(), DeliveryStatus.SENT, null);
        h.reports(replies.get(1).acsMessageId(), DeliveryStatus.SENT, null);       // repeated
        h.reports(replies.get(2).acsMessageId(), DeliveryStatus.FAILED, "131026");

        InsightReports.Summary summary = h.reports.summary(all());
        assertEquals(new InsightReports.Delivery(3, 2, 1, 1, 1), summary.delivery());
        assertEquals(Map.of("131026", 1L), summary.failuresByCode());
    }

    @Test
    void aTransactionWritesItsCountsOnceAndLast() {
        rules();
        int before = h.insightStore.writes;
        h.says(CHANNEL, "ann", "hours");
        assertEquals(before + 1, h.insightStore.writes, "one write for the message, its answer and its reply");
        assertEquals(1, h.insightStore.total(InsightMetric.RECEIVED, ""));
        assertEquals(1, h.insightStore.total(InsightMetric.ANSWERED, AnswerKind.RULE.name()));
        assertEquals(1, h.insightStore.total(InsightMetric.RULE_ANSWERS, hours.id().toString()));
    }

    @Test
    void aFlowsFunnelCountsTimeoutsAndTheStepsWhereFlowsWereLeft() {
        rules();
        h.rules.create(new ReplyRule(null, "Menu", 5, true, new RuleMatch(MatchType.KEYWORD, "menu"),
                RuleReply.text("Here is the menu."), null, null, true));
        h.says(CHANNEL, "ann", "order");
        h.says(CHANNEL, "bob", "order");
        h.says(CHANNEL, "cat", "order");
        h.says(CHANNEL, "cat", "menu");               // an interrupting rule: cat leaves the flow at "ask"
        h.flows.cancel(h.conversation(CHANNEL, "bob").id(), "sam"); // a person ends bob's flow at "ask"
        h.clock.advance(Duration.ofMinutes(31));
        h.runDue();                                   // ann's question times out: on to "bye", an end step
        assertNull(h.conversation(CHANNEL, "ann").flow());
        assertNull(h.conversation(CHANNEL, "ann").awaitingReplySince(), "the flow ended without a word for ann");

        InsightReports.FlowFunnel funnel = h.reports.flow(flow.id(), all()).orElseThrow();
        assertEquals(3, funnel.started());
        assertEquals(1, funnel.completed(), "ann's flow reached its end step");
        assertEquals(0, funnel.handedOff());
        assertEquals(new InsightReports.StepCount("ask", "ASK", 3, 0, 1, 2), funnel.steps().get(0));
        assertEquals(new InsightReports.StepCount("bye", "END", 1, 0, 0, 0), funnel.steps().get(4));
        assertEquals(1, h.reports.summary(all()).answered().rule(), "the menu rule answered cat");
        assertTrue(h.reports.flow(flow.id() + 100, all()).isEmpty(), "no such flow");
    }

    @Test
    void aTimeSeriesHasEveryBucketOfTheRangeAndTheValuesOfEach() {
        rules();
        h.says(CHANNEL, "ann", "hours");
        h.clock.advance(Duration.ofHours(2));
        h.says(CHANNEL, "bob", "hours");
        h.says(CHANNEL, "bob", "what?");
        InsightReports.Range range = h.reports.range(start, start.plus(Duration.ofHours(4)), null);
        InsightReports.Series received = h.reports.series(InsightReports.SeriesMetric.RECEIVED,
                InsightReports.Bucket.HOUR, ZoneId.of("UTC"), range);
        assertEquals(List.of(1.0, 0.0, 2.0, 0.0), received.points().stream().map(InsightReports.Point::value)
                .toList());
        InsightReports.Series share = h.reports.series(InsightReports.SeriesMetric.BOT_SHARE,
                InsightReports.Bucket.HOUR, ZoneId.of("UTC"), range);
        assertEquals(1.0, share.points().get(0).value());
        assertNull(share.points().get(1).value(), "no share of nothing");
        InsightReports.Series days = h.reports.series(InsightReports.SeriesMetric.RECEIVED,
                InsightReports.Bucket.DAY, ZoneId.of("America/Los_Angeles"), range);
        assertEquals(1, days.points().size(), "10:00-14:00 UTC is one morning in Los Angeles");
        assertEquals(Instant.parse("2026-12-04T08:00:00Z"), days.points().get(0).at());
        assertEquals(3.0, days.points().get(0).value());
    }

    @Test
    void aRangeIsWholeHoursAndAnEmptyOrHugeOneIsRefusedNamingTheField() {
        InsightReports.Range r = h.reports.range(Instant.parse("2026-12-01T10:20:00Z"),
                Instant.parse("2026-12-02T11:05:00Z"), " ");
        assertEquals(Instant.parse("2026-12-01T10:00:00Z"), r.from());
        assertEquals(Instant.parse("2026-12-02T12:00:00Z"), r.to());
        assertNull(r.channelId());
        InvalidRuleException empty = assertThrows(InvalidRuleException.class, () -> h.reports.range(
                Instant.parse("2026-12-02T10:00:00Z"), Instant.parse("2026-12-01T10:00:00Z"), null));
        assertEquals("from", empty.errors().get(0).field());
        InvalidRuleException huge = assertThrows(InvalidRuleException.class, () -> h.reports.range(
                Instant.parse("2020-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:00Z"), null));
        assertEquals("to", huge.errors().get(0).field());
        InsightReports.Range defaults = h.reports.range(null, null, null);
        assertEquals(InsightReports.DEFAULT_RANGE, Duration.between(defaults.from(), defaults.to()));
    }
}
