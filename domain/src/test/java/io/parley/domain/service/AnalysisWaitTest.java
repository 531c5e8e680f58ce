package io.parley.domain.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.domain.fakes.ChannelPolicies;
import io.parley.domain.fakes.FlowCallsFake;
import io.parley.domain.fakes.FlowStoreFake;
import io.parley.domain.fakes.InMemoryStoreFake;
import io.parley.domain.fakes.JdkTextPatternsFake;
import io.parley.domain.fakes.MutableClock;
import io.parley.domain.fakes.TinyJsonFake;
import io.parley.domain.model.AnalysisWait;
import io.parley.domain.model.AnswerHold;
import io.parley.domain.model.Expectation;
import io.parley.domain.model.Flow;
import io.parley.domain.model.FlowPolicy;
import io.parley.domain.model.FlowStep;
import io.parley.domain.model.Flows;
import io.parley.domain.model.InboundContent;
import io.parley.domain.model.InboundMessage;
import io.parley.domain.model.MatchType;
import io.parley.domain.model.MessageAnalysis;
import io.parley.domain.model.ReplyGuards;
import io.parley.domain.model.ReplyRule;
import io.parley.domain.model.ReplyType;
import io.parley.domain.model.RuleConditions;
import io.parley.domain.model.RuleMatch;
import io.parley.domain.model.RuleReply;
import io.parley.domain.model.ScheduledWork;
import io.parley.domain.port.in.ReceiveMessageCommand;
import io.parley.domain.port.in.RecordAnalysisCommand;
import io.parley.domain.port.out.DeliveryMetrics;
import io.parley.domain.port.out.ReplayQueries;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import io.parley.domain.model.AnswerKind;
import io.parley.domain.model.InsightMetric;
import org.junit.jupiter.api.Test;

/**
 * Answers that wait for the analysis, with a fake clock: held only when a rule that needs the analysis could answer
 * first, decided when it comes or at the deadline, in the customer's order, and never changed by a late analysis.
 */
class AnalysisWaitTest {

    private static final String CHANNEL = "channel-1";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T10:00:00Z"));
    private final InMemoryStoreFake store = new InMemoryStoreFake();
    private final FlowStoreFake queue = new FlowStoreFake();
    private final JdkTextPatternsFake patterns = new JdkTextPatternsFake();
    private final ReplyRuleCatalog catalog = new ReplyRuleCatalog(store, patterns);
    private final FlowCatalog flowCatalog = new FlowCatalog(queue, patterns);
    private final ReplyGuards guards = new ReplyGuards(20, 5, Duration.ofHours(1), Duration.ofHours(24));
    private final ManageReplyRulesService rules = new ManageReplyRulesService(store, store, catalog, store, clock,
            queue);
    private final ManageFlowsService flows = new ManageFlowsService(store, queue, flowCatalog, store, store,
            new TinyJsonFake(), new FlowPolicy(Set.of(), Set.of()), new FlowCallsFake(), clock);
    private final AnalysisChannels channels = new AnalysisChannels(store);
    private final io.parley.domain.fakes.InsightStoreFake insight = new io.parley.domain.fakes.InsightStoreFake();
    private IngestEventsService ingest;
    private RunScheduledWorkService work;
    private int events;

    AnalysisWaitTest() {
        waitingUpTo(new AnalysisWait(Duration.ofSeconds(5), false));
    }

    private void waitingUpTo(AnalysisWait policy) {
        ReceiveMessageService receive = new ReceiveMessageService(store, store, store, store, store, catalog,
                () -> { }, () -> { }, clock, DeliveryMetrics.NONE, guards, ChannelPolicies.WHATSAPP,
                new FlowRuntime(flowCatalog, queue, () -> { }), new AnalysisWaiting(policy, channels, queue,
                () -> { }));
        ingest = new IngestEventsService(store, store, receive,
                new RecordDeliveryStatusService(store, store, store, c -> Optional.empty(), ChannelPolicies.WHATSAPP,
                        () -> { }),
                new RecordAnalysisService(store, store, channels, clock), clock,
                new Insight(insight, io.parley.domain.port.out.InsightMetrics.NONE));
        work = new RunScheduledWorkService(store, queue, store, store, store, flowCatalog, new FlowCallsFake(),
                new TinyJsonFake(), ChannelPolicies.WHATSAPP, guards, DeliveryMetrics.NONE, () -> { }, () -> { },
                () -> true, Runnable::run, RunScheduledWorkService.DEFAULT_LEASE, clock, receive)
                .countedBy(new Insight(insight, io.parley.domain.port.out.InsightMetrics.NONE));
    }

    private void rule(String name, int priority, MatchType type, String value, RuleReply reply) {
        rules.create(new ReplyRule(null, name, priority, true, new RuleMatch(type, value), reply));
    }

    /** An INTENT rule before the fallback: the usual set-up whose answers may wait. */
    private void intentRuleAndFallback() {
        rule("Where is my order", 10, MatchType.INTENT, "order status", RuleReply.text("Let me look your order up."));
        rule("Fallback", 1000, MatchType.ANY, null, RuleReply.text("Sorry, I did not get that."));
    }

    /** The channel has sent an analysis before: its messages may wait. */
    private void channelSendsAnalyses() {
        store.channelAnalysed(CHANNEL, clock.instant().minus(Duration.ofMinutes(10)));
    }

    /** What the bot queued for {@code text} from {@code customer}. */
    private List<String> says(String customer, String text) {
        int before = store.outbound.size();
        ingest.ingest(List.of(new ReceiveMessageCommand("e" + (++events), CHANNEL, customer,
                InboundContent.text(text), clock.instant())));
        return newSince(before);
    }

    /** What the bot queued once the analysis of {@code text} came. */
    private List<String> analysed(String customer, String text, String language, String intent) {
        int before = store.outbound.size();
        ingest.ingest(List.of(new RecordAnalysisCommand("a" + (++events), CHANNEL, customer,
                new MessageAnalysis("a" + events, text, language, 0.9, null, intent, List.of("parcel"),
                        clock.instant()))));
        return newSince(before);
    }

    private List<String> runWork() {
        int before = store.outbound.size();
        while (work.runDue() > 0) {
            // until nothing is due
        }
        return newSince(before);
    }

    private List<String> newSince(int before) {
        return store.outbound.values().stream().skip(before).map(m -> m.content().summary()).toList();
    }

    private InboundMessage inbound(String text) {
        return store.inbound.values().stream().filter(m -> text.equals(m.text())).reduce((a, b) -> b)
                .orElseThrow();
    }

    @Test
    void anIntentRuleThatComesFirstMakesTheAnswerWaitAndAnswersWhenTheAnalysisComes() {
        intentRuleAndFallback();
        channelSendsAnalyses();
        assertEquals(List.of(), says("ann", "where is my parcel"), "held: the analysis could change the answer");
        assertEquals(AnswerHold.WAITING, inbound("where is my parcel").hold());
        assertEquals(1, queue.queued(ScheduledWork.Kind.ANALYSIS_WAIT).size(), "its deadline is queued");
        assertEquals(Instant.parse("2026-12-03T10:00:05Z"),
                queue.queued(ScheduledWork.Kind.ANALYSIS_WAIT).get(0).dueAt());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(List.of("Let me look your order up."), analysed("ann", "where is my parcel", "en",
                "order status"));
        assertEquals(AnswerHold.ANALYSED, inbound("where is my parcel").hold());
        assertTrue(store.find(CHANNEL, "ann").orElseThrow().held().isEmpty());
        clock.advance(Duration.ofSeconds(5));
        assertEquals(List.of(), runWork(), "the deadline finds nothing left to decide");
        assertEquals(0, queue.queued(ScheduledWork.Kind.ANALYSIS_WAIT).size());
    }

    @Test
    void withoutAnAnalysisTheFallbackAnswersAtTheDeadlineAndALateAnalysisChangesNothing() {
        intentRuleAndFallback();
        channelSendsAnalyses();
        says("ann", "where is my parcel");
        clock.advance(Duration.ofMillis(4_900));
        assertEquals(List.of(), runWork(), "not due yet");
        clock.advance(Duration.ofMillis(100));
        assertEquals(List.of("Sorry, I did not get that."), runWork());
        assertEquals(AnswerHold.TIMED_OUT, inbound("where is my parcel").hold());
        clock.advance(Duration.ofSeconds(3));
        assertEquals(List.of(), analysed("ann", "where is my parcel", "en", "order status"),
                "too late: nothing more is sent");
        assertNotNull(store.inbound(List.of(inbound("where is my parcel").id())).values().iterator().next()
                .analysis(), "the late analysis is kept with its message");
        assertEquals(List.of("Sorry, I did not get that."), store.outbound.values().stream()
                .map(m -> m.content().summary()).toList(), "one answer in all");
    }

    @Test
    void aKeywordRuleBeforeTheIntentRuleAnswersAtOnce() {
        rule("Opening hours", 5, MatchType.KEYWORD, "hours", RuleReply.text("We open at 9."));
        intentRuleAndFallback();
        channelSendsAnalyses();
        assertEquals(List.of("We open at 9."), says("ann", "hours"));
        assertNull(inbound("hours").hold());
        assertEquals(0, queue.queued(ScheduledWork.Kind.ANALYSIS_WAIT).size());
    }

    @Test
    void anIntentRuleAfterTheOneThatAnswersMakesNothingWait() {
        rule("Fallback", 10, MatchType.ANY, null, RuleReply.text("Hello!"));
        rule("Where is my order", 20, MatchType.INTENT, "order status", RuleReply.text("Let me look."));
        channelSendsAnalyses();
        assertEquals(List.of("Hello!"), says("ann", "where is my parcel"));
    }

    @Test
    void aLaterMessageWaitsBehindAnEarlierOneAndTheirAnswersKeepTheCustomersOrder() {
        rule("Opening hours", 5, MatchType.KEYWORD, "hours", RuleReply.text("We open at 9."));
        intentRuleAndFallback();
        channelSendsAnalyses();
        says("ann", "where is my parcel");
        assertEquals(List.of(), says("ann", "hours"), "waits behind the earlier message");
        assertEquals(List.of(), says("bob", "where is it"), "another conversation waits on its own");
        assertEquals(List.of("We open at 9."), says("cleo", "hours"), "and others are not held up");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(List.of("Let me look your order up.", "We open at 9."),
                analysed("ann", "where is my parcel", "en", "order status"));
        java.util.UUID ann = store.find(CHANNEL, "ann").orElseThrow().id();
        assertEquals(AnswerHold.IN_TURN, store.inbound.values().stream()
                .filter(m -> m.conversationId().equals(ann) && "hours".equals(m.text())).findFirst().orElseThrow()
                .hold(), "it needed no analysis of its own");
    }

    @Test
    void aHeldMessageBehindAnotherThatNeedsItsOwnAnalysisWaitsForItsOwnDeadline() {
        intentRuleAndFallback();
        channelSendsAnalyses();
        says("ann", "where is my parcel");
        clock.advance(Duration.ofSeconds(2));
        says("ann", "and my refund");
        clock.advance(Duration.ofSeconds(3));
        assertEquals(List.of("Sorry, I did not get that."), runWork(), "the first at its deadline; the second "
                + "still has two seconds");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(List.of("Let me look your order up."), analysed("ann", "and my refund", "en", "order status"));
    }

    @Test
    void aSpanishVariantFollowsASpanishAnalysis() {
        rule("Greeting", 10, MatchType.CONTAINS, "hola", new RuleReply(ReplyType.TEXT, "Hello!", null, null, null,
                null, List.of(), Map.of("es", "\u00a1Hola! \u00bfEn qu\u00e9 puedo ayudarte?")));
        channelSendsAnalyses();
        assertEquals(List.of(), says("ana", "hola"), "its text depends on the language");
        assertEquals(List.of("\u00a1Hola! \u00bfEn qu\u00e9 puedo ayudarte?"), analysed("ana", "hola", "es", null));
    }

    @Test
    void aLanguageConditionOnARuleThatMatchesMakesTheAnswerWait() {
        rules.create(new ReplyRule(null, "Spanish help", 10, true, new RuleMatch(MatchType.CONTAINS, "ayuda"),
                RuleReply.text("Te ayudamos."), new RuleConditions(null, null, null, null, null, Set.of("es")),
                null));
        rule("Fallback", 1000, MatchType.ANY, null, RuleReply.text("Sorry?"));
        channelSendsAnalyses();
        assertEquals(List.of("Sorry?"), says("ana", "hello"), "the language rule's match does not hold: no wait");
        assertEquals(List.of(), says("ana", "necesito ayuda"));
        assertEquals(List.of("Te ayudamos."), analysed("ana", "necesito ayuda", "es", null));
    }

    @Test
    void aChannelThatSentNoAnalysisInADayMakesNothingWaitUnlessToldToWaitAlways() {
        intentRuleAndFallback();
        assertEquals(List.of("Sorry, I did not get that."), says("ann", "where is my parcel"),
                "this channel never sent an analysis");
        analysed("ann", "something else", "en", null);
        assertEquals(List.of(), says("bob", "where is my parcel"), "now it has");
        clock.advance(Duration.ofHours(25));
        runWork();
        assertEquals(List.of("Sorry, I did not get that."), says("cleo", "where is my parcel"),
                "a day without analyses: the channel is taken not to send them");
        waitingUpTo(new AnalysisWait(Duration.ofSeconds(5), true));
        assertEquals(List.of(), says("dan", "where is my parcel"), "PARLEY_ANALYSIS_WAIT_ALWAYS waits anyway");
    }

    @Test
    void aZeroWaitNeverHoldsAndAnAnalysisThatCameFirstIsUsedAtOnce() {
        intentRuleAndFallback();
        channelSendsAnalyses();
        waitingUpTo(AnalysisWait.OFF);
        assertEquals(List.of("Sorry, I did not get that."), says("ann", "where is my parcel"));
        waitingUpTo(new AnalysisWait(Duration.ofSeconds(5), false));
        analysed("bob", "where is it", "en", "order status"); // before its message: kept until the message comes
        assertEquals(List.of("Let me look your order up."), says("bob", "where is it"));
    }

    @Test
    void aFlowThatBranchesOnTheIntentWaitsForTheAnalysisOfTheAnswer() {
        Flow flow = flows.create(Flows.of("ask",
                Flows.ask("ask", "How can I help?", Expectation.TEXT, "need", "route"),
                new FlowStep.Branch("route", List.of(new FlowStep.BranchCase("analysis.intent",
                        FlowStep.BranchCase.Test.EQUALS, "refund", "refund")), "other"),
                new FlowStep.End("refund", Flows.text("A refund, then ({{analysis.intent}}).")),
                new FlowStep.End("other", Flows.text("Someone will read it."))), "editor");
        rule("Help", 10, MatchType.KEYWORD, "help", RuleReply.flow(flow.id()));
        channelSendsAnalyses();
        assertEquals(List.of("How can I help?"), says("ann", "help"), "a flow that only asks need not wait");
        assertEquals(List.of(), says("ann", "I want my money back"), "its answer goes to a branch on the intent");
        assertEquals(List.of("A refund, then (refund)."), analysed("ann", "I want my money back", "en", "refund"));
        assertNull(store.find(CHANNEL, "ann").orElseThrow().flow());
    }

    @Test
    void theReplaySaysHowAnswersWaitedAndLeavesOutAnalysesThatCameTooLate() {
        rule("Fallback", 1000, MatchType.ANY, null, RuleReply.text("Sorry, I did not get that."));
        channelSendsAnalyses();
        says("ann", "where is my parcel"); // nothing needs the analysis yet: answered at once
        says("bob", "my parcel is late");
        analysed("ann", "where is my parcel", "en", "order status");
        analysed("bob", "my parcel is late", "en", "order status");
        rule("Where is my order", 10, MatchType.INTENT, "order status", RuleReply.text("Let me look your order up."));
        says("cleo", "where is it now");
        clock.advance(Duration.ofSeconds(5));
        runWork(); // cleo's answer timed out
        analysed("cleo", "where is it now", "en", "order status");
        ReplayQueries stored = (from, to, limit) -> store.inbound.values().stream().map(m -> new ReplayQueries.Answered(
                store.inbound(List.of(m.id())).get(m.id()), CHANNEL, "x", false, null,
                store.outbound.values().stream().filter(o -> m.id().equals(o.inReplyTo())).findFirst()
                        .map(o -> o.content().summary()).orElse(null))).toList();
        var report = new ReplayRulesService(stored, catalog).replay(clock.instant().minusSeconds(60),
                clock.instant(), null);
        assertEquals(3, report.wouldWait(), "each of the three would wait under the INTENT rule now");
        assertEquals(2, report.changed(), "ann and bob would get the INTENT rule's answer; cleo's stays");
        var ann = report.differences().stream().filter(d -> d.text().equals("where is my parcel")).findFirst()
                .orElseThrow();
        assertNull(ann.answerHold(), "it was answered at once");
        assertEquals("intent order status; language en; key phrases parcel", ann.analysis());
        assertTrue(ann.wouldWaitFor().contains("Where is my order"), ann.wouldWaitFor());
        assertTrue(report.differences().stream().noneMatch(d -> d.text().equals("where is it now")),
                "an analysis after the deadline did not decide the answer, and does not in the replay");
    }

    @Test
    void theTesterSaysWhenAndWhyTheAnswerWouldWait() {
        rule("Opening hours", 5, MatchType.KEYWORD, "hours", RuleReply.text("We open at 9."));
        intentRuleAndFallback();
        var waits = rules.test(new io.parley.domain.model.RuleInput("where is my parcel", false)).waits();
        assertNotNull(waits);
        assertEquals("Where is my order", waits.rule().name());
        assertTrue(waits.describe().contains("intent"), waits.describe());
        assertNull(rules.test(new io.parley.domain.model.RuleInput("hours", false)).waits());
    }

    @Test
    void aHeldAnswerIsCountedWhenItIsDecidedAndTheCustomersWaitIncludesTheHold() {
        intentRuleAndFallback();
        channelSendsAnalyses();
        says("ann", "where is my parcel");
        says("bob", "my parcel is late");
        assertEquals(2, insight.total(InsightMetric.RECEIVED, ""));
        assertEquals(0, insight.counts.stream().filter(c -> c.metric() == InsightMetric.ANSWERED).count(),
                "nothing is decided while the answers wait");
        assertNull(inbound("where is my parcel").answer());

        clock.advance(Duration.ofMillis(1500));
        analysed("ann", "where is my parcel", "en", "order status");
        assertEquals(AnswerKind.RULE, inbound("where is my parcel").answer(), "stored once it is decided");
        assertEquals(1, insight.total(InsightMetric.ANSWERED, AnswerKind.RULE.name()));
        assertEquals(1, insight.total(InsightMetric.FIRST_RESPONSE, "2000"),
                "ann waited 1.5 s, from her message to the reply");

        clock.advance(Duration.ofSeconds(4));
        runWork(); // bob's deadline: the fallback answers without the analysis
        assertEquals(AnswerKind.FALLBACK, inbound("my parcel is late").answer());
        assertEquals(1, insight.total(InsightMetric.ANSWERED, AnswerKind.FALLBACK.name()));
        assertEquals(1, insight.total(InsightMetric.FIRST_RESPONSE, "10000"), "bob waited 5.5 s");
        assertEquals(List.of("my parcel is late"), insight.texts.stream().map(t -> t.text()).toList(),
                "a text only the fallback answered is kept for the unanswered list");
    }
}
