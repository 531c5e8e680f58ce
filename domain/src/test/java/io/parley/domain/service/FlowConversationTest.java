package io.parley.domain.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.domain.fakes.ChannelPolicies;
import io.parley.domain.fakes.FlowCallsFake;
import io.parley.domain.fakes.FlowStoreFake;
import io.parley.domain.fakes.InMemoryStoreFake;
import io.parley.domain.fakes.JdkTextPatternsFake;
import io.parley.domain.fakes.MutableClock;
import io.parley.domain.fakes.TinyJsonFake;
import io.parley.domain.model.Conversation;
import io.parley.domain.model.Flow;
import io.parley.domain.model.FlowPolicy;
import io.parley.domain.model.FlowStep;
import io.parley.domain.model.Flows;
import io.parley.domain.model.HttpCall;
import io.parley.domain.model.InboundContent;
import io.parley.domain.model.InteractiveOption;
import io.parley.domain.model.InteractiveParts;
import io.parley.domain.model.InvalidRuleException;
import io.parley.domain.model.MatchType;
import io.parley.domain.model.MessageOrigin;
import io.parley.domain.model.OutboundMessage;
import io.parley.domain.model.ReplyGuards;
import io.parley.domain.model.ReplyRule;
import io.parley.domain.model.ReplyType;
import io.parley.domain.model.RuleConditions;
import io.parley.domain.model.RuleMatch;
import io.parley.domain.model.RuleReply;
import io.parley.domain.model.ScheduledWork;
import io.parley.domain.port.in.ManageFlowsUseCase;
import io.parley.domain.port.in.ReceiveMessageCommand;
import io.parley.domain.port.out.DeliveryMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Flows in conversations: a rule starts one, the customer's messages go to its questions, calls and timeouts run from
 * the scheduled-work queue and come back in a transaction, interrupting rules win, versions stay pinned.
 */
class FlowConversationTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T10:00:00Z"));
    private final InMemoryStoreFake store = new InMemoryStoreFake();
    private final FlowStoreFake flowStore = new FlowStoreFake();
    private final JdkTextPatternsFake patterns = new JdkTextPatternsFake();
    private final ReplyRuleCatalog catalog = new ReplyRuleCatalog(store, patterns);
    private final FlowCatalog flowCatalog = new FlowCatalog(flowStore, patterns);
    private final FlowCallsFake calls = new FlowCallsFake();
    private final ReplyGuards guards = new ReplyGuards(20, 5, Duration.ofHours(1), Duration.ofHours(24));
    private final ManageReplyRulesService rules = new ManageReplyRulesService(store, store, catalog, store, clock,
            flowStore);
    private final ManageFlowsService flows = new ManageFlowsService(store, flowStore, flowCatalog, store, store,
            new TinyJsonFake(), new FlowPolicy(Set.of("shop.example"), Set.of("SHOP_TOKEN")), calls, clock);
    private final IngestEventsService ingest = new IngestEventsService(store, store,
            new ReceiveMessageService(store, store, store, store, store, catalog, () -> { }, () -> { }, clock,
                    DeliveryMetrics.NONE, guards, ChannelPolicies.WHATSAPP,
                    new FlowRuntime(flowCatalog, flowStore, () -> { })),
            new RecordDeliveryStatusService(store, store, store, c -> Optional.empty(), ChannelPolicies.WHATSAPP,
                    () -> { }),
            new RecordAnalysisService(store, store, clock), clock);
    private final RunScheduledWorkService work = new RunScheduledWorkService(store, flowStore, store, store, store,
            flowCatalog, calls, new TinyJsonFake(), ChannelPolicies.WHATSAPP, guards, DeliveryMetrics.NONE,
            () -> { }, () -> { }, () -> true, Runnable::run,
            RunScheduledWorkService.DEFAULT_LEASE, clock);
    private int events;

    private Flow orderFlow() {
        return flows.create(Flows.orderStatus(), "editor");
    }

    private void refundRuleStarting(Flow flow) {
        rules.create(new ReplyRule(null, "Refund", 10, true, new RuleMatch(MatchType.CONTAINS, "refund"),
                RuleReply.flow(flow.id())));
        rules.create(new ReplyRule(null, "Fallback", 1000, true, new RuleMatch(MatchType.ANY, null),
                RuleReply.text("Sorry, I did not get that.")));
    }

    /** What the bot queued for {@code text} from {@code customer}. */
    private List<String> says(String customer, String text) {
        int before = store.outbound.size();
        ingest.ingest(List.of(new ReceiveMessageCommand("e" + (++events), "channel-1", customer,
                InboundContent.text(text), clock.instant())));
        return newSince(before);
    }

    private List<String> newSince(int before) {
        return store.outbound.values().stream().skip(before).map(m -> m.content().summary()).toList();
    }

    private Conversation conversation(String customer) {
        return store.find("channel-1", customer).orElseThrow();
    }

    private List<String> runWork() {
        int before = store.outbound.size();
        while (work.runDue() > 0) {
            // until nothing is due
        }
        return newSince(before);
    }

    @Test
    void theRefundCustomerIsAskedLookedUpAndToldInsteadOfGettingTheFallback() {
        refundRuleStarting(orderFlow());
        calls.answering(new HttpCall.Result(200, "{\"status\": \"shipped\"}", null));
        assertEquals(List.of("Your order number?"), says("ann", "I want a refund"));
        assertEquals("ask", conversation("ann").flow().step());
        assertEquals(List.of(), says("ann", "it is 12345"), "the call runs outside the webhook request");
        assertEquals(1, flowStore.queued(ScheduledWork.Kind.FLOW_CALL).size());
        assertEquals(List.of("Order 12345 is shipped."), runWork());
        assertEquals("https://shop.example/orders/12345", calls.made.get(0).call().url());
        assertNull(conversation("ann").flow(), "the flow ended");
        assertEquals(List.of("Sorry, I did not get that."), says("ann", "thanks"), "the rules answer again");
        OutboundMessage told = store.outbound.values().stream().filter(m -> m.content().summary()
                .startsWith("Order 12345")).findFirst().orElseThrow();
        assertEquals(MessageOrigin.FLOW, told.origin());
    }

    @Test
    void aCallThatFailsPassingIsTriedAgainWithTheSameKeyThenGoesToOnError() {
        refundRuleStarting(orderFlow());
        calls.answering(new HttpCall.Result(503, "", null), HttpCall.Result.failed("timed out after 5 s"),
                new HttpCall.Result(502, "", null));
        says("ann", "refund");
        says("ann", "12345");
        assertEquals(List.of(), runWork(), "first attempt failed: tried again in a second");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(List.of(), runWork());
        clock.advance(Duration.ofSeconds(4));
        assertEquals(List.of("A colleague takes over."), runWork());
        assertEquals(3, calls.made.size());
        assertEquals(1, calls.made.stream().map(FlowCallsFake.Made::idempotencyKey).distinct().count());
        assertTrue(conversation("ann").botPaused(clock.instant()), "handed off");
    }

    @Test
    void aFourHundredGoesToOnErrorAtOnce() {
        refundRuleStarting(orderFlow());
        calls.answering(new HttpCall.Result(404, "{\"error\": \"no such order\"}", null));
        says("ann", "refund");
        says("ann", "12345");
        assertEquals(List.of("A colleague takes over."), runWork());
        assertEquals(1, calls.made.size());
    }

    @Test
    void aTimeoutFiresWithoutAnyCustomerMessageOnceAndOnlyForTheStepItWasFor() {
        refundRuleStarting(orderFlow());
        says("ann", "refund");
        clock.advance(Duration.ofMinutes(29));
        assertEquals(List.of(), runWork());
        assertNotNull(conversation("ann").flow());
        clock.advance(Duration.ofMinutes(1));
        runWork();
        assertNull(conversation("ann").flow(), "onTimeout led to the END step 'bye'");
        assertEquals(0, flowStore.queued(), "the timer is done");

        says("bob", "refund");
        says("bob", "not a number"); // same question: the timer stays
        says("bob", "12345");        // next step: the question's timer is stale now
        clock.advance(Duration.ofMinutes(31));
        calls.answering(new HttpCall.Result(200, "{\"status\": \"packed\"}", null));
        assertEquals(List.of("Order 12345 is packed."), runWork(), "the stale timer did nothing");
    }

    @Test
    void aCustomerWhoWritesWhileTheCallIsInFlightIsAnsweredWhenItIsBack() {
        Flow flow = flows.create(Flows.of("call",
                new FlowStep.Http("call", "GET", "https://shop.example/hours", null, null, Map.of("hours", "/open"),
                        null, "email", null),
                Flows.ask("email", "We open at {{flow.hours}}. Your email?",
                        io.parley.domain.model.Expectation.of(io.parley.domain.model.Expectation.Type.EMAIL),
                        "email", "done"),
                new FlowStep.End("done", RuleReply.text("We write to {{flow.email}}."))), "editor");
        rules.create(new ReplyRule(null, "Hours", 10, true, new RuleMatch(MatchType.CONTAINS, "hours"),
                RuleReply.flow(flow.id())));
        calls.answering(new HttpCall.Result(200, "{\"open\": \"9:00\"}", null));
        assertEquals(List.of(), says("ann", "hours?"));
        assertEquals(List.of(), says("ann", "ann@example.com"), "waits for the call");
        assertEquals(List.of("We open at 9:00. Your email?", "We write to ann@example.com."), runWork());
    }

    @Test
    void anInterruptingRuleWinsOverTheQuestionAndEndsTheFlowOthersDoNot() {
        refundRuleStarting(orderFlow());
        rules.create(new ReplyRule(null, "Agent", 5, true, new RuleMatch(MatchType.CONTAINS, "agent"),
                new RuleReply(ReplyType.HANDOFF, "Connecting you.", null, null, null, null, List.of()),
                RuleConditions.NONE, null, true));
        rules.create(new ReplyRule(null, "Hello", 6, true, new RuleMatch(MatchType.KEYWORD, "hello"),
                RuleReply.text("Hello!")));
        says("ann", "refund");
        assertEquals(List.of("Five digits, please"), says("ann", "hello"), "a plain rule does not interrupt");
        assertEquals(List.of("Connecting you."), says("ann", "agent please"));
        assertNull(conversation("ann").flow());
    }

    @Test
    void aRunningConversationFinishesOnTheVersionItStartedWith() {
        Flow flow = orderFlow();
        refundRuleStarting(flow);
        says("ann", "refund");
        flows.replace(flow.id(), new Flow(null, "Order status", 0, "ask", List.of(
                Flows.ask("ask", "Order number, please?", null, "order", "end"),
                new FlowStep.End("end", RuleReply.text("v2 got {{flow.order}}")))), "editor");
        calls.answering(new HttpCall.Result(200, "{\"status\": \"late\"}", null));
        says("ann", "12345");
        assertEquals(List.of("Order 12345 is late."), runWork(), "version 1 to the end");
        assertEquals(List.of("Order number, please?"), says("bob", "refund"), "new conversations get version 2");
        assertNull(conversation("ann").flow(), "ann's flow ended on version 1");
        assertEquals(2, conversation("bob").flow().version());
    }

    @Test
    void aSessionSurvivesTheBatchBoundariesOfGroupCommit() {
        refundRuleStarting(orderFlow());
        int before = store.outbound.size();
        ingest.ingest(List.of(
                new ReceiveMessageCommand("b1", "channel-1", "ann", InboundContent.text("refund"), clock.instant()),
                new ReceiveMessageCommand("b2", "channel-1", "ann", InboundContent.text("nope"), clock.instant()),
                new ReceiveMessageCommand("b3", "channel-1", "ann", InboundContent.text("54321"), clock.instant())));
        assertEquals(List.of("Your order number?", "Five digits, please"), newSince(before));
        assertEquals("lookup", conversation("ann").flow().step());
        assertEquals(Map.of("order", "54321"), conversation("ann").flow().variables());
    }

    @Test
    void theWindowClosingEndsAWaitingFlowWithoutAMessage() {
        Flow flow = flows.create(Flows.of("q", Flows.ask("q", "Anything else?", null, "x", null)), "editor");
        rules.create(new ReplyRule(null, "Start", 10, true, new RuleMatch(MatchType.KEYWORD, "start"),
                RuleReply.flow(flow.id())));
        says("ann", "start");
        clock.advance(Duration.ofHours(24));
        assertEquals(List.of(), runWork());
        assertNull(conversation("ann").flow());
    }

    @Test
    void aTimeoutWhileAPersonTalksWaitsForThemAndFiresAfter() {
        refundRuleStarting(orderFlow());
        says("ann", "refund");
        store.pauseBot(conversation("ann").id(), "HANDOFF", clock.instant().plus(Duration.ofHours(1)));
        clock.advance(Duration.ofMinutes(30));
        runWork();
        assertNotNull(conversation("ann").flow(), "paused, not lost");
        clock.advance(Duration.ofMinutes(31));
        runWork();
        assertNull(conversation("ann").flow());
    }

    @Test
    void aFlowRuleNeedsAFlowThatExistsAndAFlowThatRulesStartCannotGo() {
        InvalidRuleException e = assertThrows(InvalidRuleException.class, () -> rules.create(new ReplyRule(null,
                "Ghost", 1, true, new RuleMatch(MatchType.KEYWORD, "x"), RuleReply.flow(99))));
        assertEquals("reply.flowId", e.errors().get(0).field());
        Flow flow = orderFlow();
        refundRuleStarting(flow);
        assertThrows(ManageFlowsUseCase.FlowInUseException.class, () -> flows.delete(flow.id(), "editor"));
    }

    @Test
    void savingChecksPatternsHostsBodiesAndSecrets() {
        List<String> fields = new ArrayList<>();
        InvalidRuleException e = assertThrows(InvalidRuleException.class, () -> flows.create(Flows.of("a",
                Flows.ask("a", "?", io.parley.domain.model.Expectation.regex("(unclosed"), "v", "b"),
                new FlowStep.Http("b", "POST", "https://evil.example/x", Map.of("Authorization",
                        "Bearer {{secret.OTHER}}"), "not json", null, null, null, null)), "editor"));
        e.errors().forEach(f -> fields.add(f.field()));
        assertEquals(List.of("steps[0].expect.pattern", "steps[1].url", "steps[1].body", "steps"), fields,
                e.errors().toString());
    }

    @Test
    void theTesterShowsTheTranscriptWithStepsVariablesAndWhyAnAnswerWasRefused() {
        var test = flows.test(Flows.orderStatus(), List.of("no", "12345"), null,
                Map.of("lookup", new HttpCall.Result(200, "{\"status\": \"delivered\"}", null)), false);
        assertEquals(3, test.transcript().size());
        assertEquals("ask", test.transcript().get(0).step());
        assertTrue(test.transcript().get(1).trace().get(0).event().contains("is not"));
        assertEquals(List.of("Order 12345 is delivered."), test.transcript().get(2).replies().stream()
                .map(s -> s.content().summary()).toList());
        assertNull(test.session());
        assertEquals(0, store.outbound.size(), "nothing is sent or stored");
        assertEquals(0, calls.made.size(), "nothing is called");
    }

    @Test
    void aTapOnTheQuestionsButtonsAnswersAChoice() {
        RuleReply menu = RuleReply.interactive(ReplyType.BUTTONS, "How can we help?", null, InteractiveParts.buttons(
                List.of(new InteractiveOption("order", "Order status"), new InteractiveOption("human", "A person"))));
        Flow flow = flows.create(Flows.of("menu",
                new FlowStep.Ask("menu", menu, io.parley.domain.model.Expectation.choice(Map.of("order", "o",
                        "human", "h")), null, 1, null, null, null, null, null),
                new FlowStep.End("o", RuleReply.text("Orders it is.")),
                new FlowStep.Handoff("h", RuleReply.text("A person will write."))), "editor");
        rules.create(new ReplyRule(null, "Menu", 10, true, new RuleMatch(MatchType.KEYWORD, "menu"),
                RuleReply.flow(flow.id())));
        says("ann", "menu");
        int before = store.outbound.size();
        ingest.ingest(List.of(new ReceiveMessageCommand("tap", "channel-1", "ann", new InboundContent("interactive",
                null, null, null, null, new InboundContent.Interactive("buttonReply", "human", "A person", null),
                null, null, "wamid-tap"), clock.instant())));
        assertEquals(List.of("A person will write."), newSince(before));
        assertEquals(1, says("bob", "menu").size(), "the menu");
        assertEquals(List.of("Orders it is."), says("bob", "order status"), "the typed title answers too");
    }
}
