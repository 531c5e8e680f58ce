package io.parley.domain.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.parley.domain.fakes.InMemoryStoreFake;
import io.parley.domain.fakes.MutableClock;
import io.parley.domain.model.AuditEntry;
import io.parley.domain.model.Conversation;
import io.parley.domain.model.Flow;
import io.parley.domain.model.Flows;
import io.parley.domain.model.HttpCall;
import io.parley.domain.model.MatchType;
import io.parley.domain.model.OutboundContent;
import io.parley.domain.model.OutboundMessage;
import io.parley.domain.model.ReplyGuards;
import io.parley.domain.model.ReplyRule;
import io.parley.domain.model.ReplyType;
import io.parley.domain.model.RuleMatch;
import io.parley.domain.model.RuleReply;
import io.parley.domain.port.in.SendAgentMessageCommand;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Turn-taking between the bot and people: after an agent's message the bot is silent in that conversation for the
 * agent's quiet time from the agent's last message (reason AGENT), then answers again by itself; a release ends the
 * quiet early; a longer pause stays; a flow that waits is paused, not lost. A fake clock moves time.
 */
class AgentTurnTest {

    private static final Duration QUIET = Duration.ofMinutes(30);

    private final ConversationHarness h = new ConversationHarness(new ReplyGuards(20, 5, Duration.ofHours(1),
            Duration.ofHours(24), QUIET));
    private final io.parley.domain.fakes.MutableClock clock = h.clock;
    private final io.parley.domain.fakes.InMemoryStoreFake store = h.store;
    private final List<AuditEntry> audit = h.auditLog.entries;
    private final ManageReplyRulesService rules = h.rules;
    private final SendAgentMessageService agent = h.agent;

    private void hoursRule() {
        rules.create(new ReplyRule(null, "Hours", 10, true, new RuleMatch(MatchType.CONTAINS, "hours"),
                RuleReply.text("We are open 9 to 5.")));
    }

    private List<String> says(String text) {
        return h.says("channel-1", "ann", text);
    }

    private OutboundMessage agentWrites(String who, String text) {
        return agent.send(new SendAgentMessageCommand(conversation().id(), new OutboundContent.Text(text), null, who));
    }

    private Conversation conversation() {
        return h.conversation("channel-1", "ann");
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
        h.release.release(conversation().id(), "sam");
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
        Flow flow = h.flows.create(Flows.orderStatus(), "editor");
        rules.create(new ReplyRule(null, "Order", 10, true, new RuleMatch(MatchType.CONTAINS, "order"),
                RuleReply.flow(flow.id())));
        h.calls.answering(new HttpCall.Result(200, "{\"status\": \"shipped\"}", null));
        assertEquals(List.of("Your order number?"), says("where is my order"));
        agentWrites("sam", "Let me check that for you.");

        assertEquals(List.of(), says("12345"), "the flow does not take the answer while Sam talks");
        assertEquals("ask", conversation().flow().step(), "the flow still waits at its question");
        clock.advance(QUIET.plusMinutes(1));
        assertEquals(List.of(), says("12345"));
        h.runDue();
        assertEquals("Order 12345 is shipped.", store.outbound.values().stream().reduce((a, b) -> b).orElseThrow()
                .content().summary());
    }

    @Test
    void zeroQuietTimeNeverSilencesTheBot() {
        SendAgentMessageService eager = new SendAgentMessageService(store, store, store, store, () -> { }, clock)
                .with(new ReplyGuards(20, 5, Duration.ofHours(1), Duration.ofHours(24), Duration.ZERO), h.trail);
        hoursRule();
        says("hi");
        eager.send(new SendAgentMessageCommand(conversation().id(), new OutboundContent.Text("Hello"), null, "sam"));
        assertNull(conversation().botPausedUntil());
        assertEquals(List.of("We are open 9 to 5."), says("hours?"));
    }
}
