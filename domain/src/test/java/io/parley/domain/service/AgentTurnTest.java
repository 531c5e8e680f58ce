package io.parley.domain.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.parley.domain.fakes.AuditLogFake;
import io.parley.domain.fakes.ChannelPolicies;
import io.parley.domain.fakes.FlowCallsFake;
import io.parley.domain.fakes.FlowStoreFake;
import io.parley.domain.fakes.InMemoryStoreFake;
import io.parley.domain.fakes.JdkTextPatternsFake;
import io.parley.domain.fakes.MutableClock;
import io.parley.domain.fakes.TinyJsonFake;
import io.parley.domain.model.AuditEntry;
import io.parley.domain.model.Conversation;
import io.parley.domain.model.Flow;
import io.parley.domain.model.FlowPolicy;
import io.parley.domain.model.Flows;
import io.parley.domain.model.HttpCall;
import io.parley.domain.model.InboundContent;
import io.parley.domain.model.MatchType;
import io.parley.domain.model.OutboundContent;
import io.parley.domain.model.OutboundMessage;
import io.parley.domain.model.ReplyGuards;
import io.parley.domain.model.ReplyRule;
import io.parley.domain.model.ReplyType;
import io.parley.domain.model.RuleMatch;
import io.parley.domain.model.RuleReply;
import io.parley.domain.port.in.ReceiveMessageCommand;
import io.parley.domain.port.in.SendAgentMessageCommand;
import io.parley.domain.port.out.DeliveryMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Turn-taking between the bot and people: after an agent's message the bot is silent in that conversation for the
 * agent's quiet time from the agent's last message (reason AGENT), then answers again by itself; a release ends the
 * quiet early; a longer pause stays; a flow that waits is paused, not lost. A fake clock moves time.
 */
class AgentTurnTest {

    private static final Duration QUIET = Duration.ofMinutes(30);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T10:00:00Z"));
    private final InMemoryStoreFake store = new InMemoryStoreFake();
    private final FlowStoreFake flowStore = new FlowStoreFake();
    private final JdkTextPatternsFake patterns = new JdkTextPatternsFake();
    private final ReplyRuleCatalog catalog = new ReplyRuleCatalog(store, patterns);
    private final FlowCatalog flowCatalog = new FlowCatalog(flowStore, patterns);
    private final FlowCallsFake calls = new FlowCallsFake();
    private final ReplyGuards guards = new ReplyGuards(20, 5, Duration.ofHours(1), Duration.ofHours(24), QUIET);
    private final AuditLogFake log = new AuditLogFake();
    private final List<AuditEntry> audit = log.entries;
    private final AuditTrail trail = new AuditTrail(log, clock);
    private final ManageReplyRulesService rules = new ManageReplyRulesService(store, store, catalog, store, clock,
            flowStore);
    private final ManageFlowsService flows = new ManageFlowsService(store, flowStore, flowCatalog, store, store,
            new TinyJsonFake(), new FlowPolicy(Set.of("shop.example"), Set.of()), calls, clock);
    private final IngestEventsService ingest = new IngestEventsService(store, store,
            new ReceiveMessageService(store, store, store, store, store, catalog, () -> { }, () -> { }, clock,
                    DeliveryMetrics.NONE, guards, ChannelPolicies.WHATSAPP,
                    new FlowRuntime(flowCatalog, flowStore, () -> { })),
            new RecordDeliveryStatusService(store, store, store, c -> Optional.empty(), ChannelPolicies.WHATSAPP,
                    () -> { }, clock),
            new RecordAnalysisService(store, store, clock), clock);
    private final RunScheduledWorkService work = new RunScheduledWorkService(store, flowStore, store, store, store,
            flowCatalog, calls, new TinyJsonFake(), ChannelPolicies.WHATSAPP, guards, DeliveryMetrics.NONE,
            () -> { }, () -> { }, () -> true, Runnable::run, RunScheduledWorkService.DEFAULT_LEASE, clock);
    private final SendAgentMessageService agent = new SendAgentMessageService(store, store, store, store, () -> { },
            clock).with(guards, trail);
    private final ReleaseConversationService release = new ReleaseConversationService(store, store, trail);
    private int events;

    private void hoursRule() {
        rules.create(new ReplyRule(null, "Hours", 10, true, new RuleMatch(MatchType.CONTAINS, "hours"),
                RuleReply.text("We are open 9 to 5.")));
    }

    private List<String> says(String text) {
        int before = store.outbound.size();
        ingest.ingest(List.of(new ReceiveMessageCommand("e" + (++events), "channel-1", "ann",
                InboundContent.text(text), clock.instant())));
        return store.outbound.values().stream().skip(before).filter(m -> m.sentBy() == null)
                .map(m -> m.content().summary()).toList();
    }

    private OutboundMessage agentWrites(String who, String text) {
        return agent.send(new SendAgentMessageCommand(conversation().id(), new OutboundContent.Text(text), null, who));
    }

    private Conversation conversation() {
        return store.find("channel-1", "ann").orElseThrow();
    }

    @Test
    void afterAnAgentsMessageTheBotIsSilentForTheQuietTimeThenAnswersAgainByItself() {
        hoursRule();
        assertEquals(List.of("We are open 9 to 5."), says("opening hours?"));
        OutboundMessage written = agentWrites("sam", "Hi Ann, Sam here. We open at 9 tomorrow.");
        assertEquals("sam", written.sentBy());
        assertEquals("AGENT", conversation().botPausedReason());
        assertEquals(clock.instant().plus(QUIET), conversation().botPausedUntil());

        clock.advance(Duration.ofMinutes(29));
        assertEquals(List.of(), says("and your hours on Sunday?"), "the bot does not talk over Sam");
        clock.advance(Duration.ofMinutes(2));
        assertEquals(List.of("We are open 9 to 5."), says("hours on Sunday?"), "31 minutes after Sam's message");
    }

    @Test
    void theQuietTimeCountsFromTheAgentsLastMessage() {
        hoursRule();
        says("hi");
        agentWrites("sam", "Hello!");
        clock.advance(Duration.ofMinutes(20));
        agentWrites("sam", "Anything else?");
        clock.advance(Duration.ofMinutes(20));
        assertEquals(List.of(), says("hours?"), "40 minutes after the first, 20 after the last");
        clock.advance(Duration.ofMinutes(11));
        assertEquals(List.of("We are open 9 to 5."), says("hours?"));
    }

    @Test
    void aReleaseLetsTheBotAnswerAtOnceAndIsAudited() {
        hoursRule();
        says("hi");
        agentWrites("sam", "Hello!");
        release.release(conversation().id(), "sam");
        assertNull(conversation().botPausedUntil());
        assertEquals(List.of("We are open 9 to 5."), says("hours?"));
        assertEquals(List.of("AGENT_MESSAGE", "BOT_RELEASED"), audit.stream().map(AuditEntry::action).toList());
        assertEquals("a text of 6 characters", audit.get(0).detail(), "the audit never holds the words");
        assertEquals("the bot was paused (AGENT)", audit.get(1).detail());
    }

    @Test
    void aLongerPauseLikeAHandoffStaysAsItIs() {
        rules.create(new ReplyRule(null, "Human", 10, true, new RuleMatch(MatchType.CONTAINS, "human"),
                new RuleReply(ReplyType.HANDOFF, "A colleague takes over.", null, null, null, null, List.of())));
        hoursRule();
        assertEquals(List.of("A colleague takes over."), says("a human please"));
        Instant handoffEnds = conversation().botPausedUntil();
        agentWrites("sam", "Sam here, how can I help?");
        assertEquals("HANDOFF", conversation().botPausedReason());
        assertEquals(handoffEnds, conversation().botPausedUntil());
    }

    @Test
    void aFlowThatWaitsIsPausedWhileTheAgentTalksAndGoesOnAfterwards() {
        Flow flow = flows.create(Flows.orderStatus(), "editor");
        rules.create(new ReplyRule(null, "Order", 10, true, new RuleMatch(MatchType.CONTAINS, "order"),
                RuleReply.flow(flow.id())));
        calls.answering(new HttpCall.Result(200, "{\"status\": \"shipped\"}", null));
        assertEquals(List.of("Your order number?"), says("where is my order"));
        agentWrites("sam", "Let me check that for you.");

        assertEquals(List.of(), says("12345"), "the flow does not take the answer while Sam talks");
        assertEquals("ask", conversation().flow().step(), "the flow still waits at its question");
        clock.advance(QUIET.plusMinutes(1));
        assertEquals(List.of(), says("12345"));
        while (work.runDue() > 0) {
            // the call, then the answer
        }
        assertEquals("Order 12345 is shipped.", store.outbound.values().stream().reduce((a, b) -> b).orElseThrow()
                .content().summary());
    }

    @Test
    void zeroQuietTimeNeverSilencesTheBot() {
        SendAgentMessageService eager = new SendAgentMessageService(store, store, store, store, () -> { }, clock)
                .with(new ReplyGuards(20, 5, Duration.ofHours(1), Duration.ofHours(24), Duration.ZERO), trail);
        hoursRule();
        says("hi");
        eager.send(new SendAgentMessageCommand(conversation().id(), new OutboundContent.Text("Hello"), null, "sam"));
        assertNull(conversation().botPausedUntil());
        assertEquals(List.of("We are open 9 to 5."), says("hours?"));
    }
}
