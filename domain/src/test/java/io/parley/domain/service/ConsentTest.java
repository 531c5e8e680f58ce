package io.parley.domain.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.domain.fakes.ChannelPolicies;
import io.parley.domain.fakes.ConsentLogFake;
import io.parley.domain.fakes.InMemoryStoreFake;
import io.parley.domain.fakes.MessageSenderFake;
import io.parley.domain.fakes.MutableClock;
import io.parley.domain.model.CircuitBreaker;
import io.parley.domain.model.ConsentChange;
import io.parley.domain.model.ConsentPolicy;
import io.parley.domain.model.Conversation;
import io.parley.domain.model.DeliveryStatus;
import io.parley.domain.model.Flow;
import io.parley.domain.model.Flows;
import io.parley.domain.model.MatchType;
import io.parley.domain.model.MessageOrigin;
import io.parley.domain.model.OutboundContent;
import io.parley.domain.model.OutboundMessage;
import io.parley.domain.model.ReplyGuards;
import io.parley.domain.model.ReplyRule;
import io.parley.domain.model.RetryPolicy;
import io.parley.domain.model.RuleMatch;
import io.parley.domain.model.RuleReply;
import io.parley.domain.port.in.SendAgentMessageCommand;
import io.parley.domain.port.in.SendAgentMessageUseCase;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Opt-out and opt-in: only a message that is nothing but a keyword counts, in the languages of the default list;
 * one confirmation; then no rule, flow or template message on that channel, while an agent's own words still go;
 * the history keeps each change with its message.
 */
class ConsentTest {

    private final ConversationHarness h = new ConversationHarness(
            new ReplyGuards(20, 5, Duration.ofHours(1), Duration.ofHours(24)));
    private final io.parley.domain.fakes.MutableClock clock = h.clock;
    private final io.parley.domain.fakes.InMemoryStoreFake store = h.store;
    private final ConsentLogFake consentLog = h.consentLog;
    private final ManageReplyRulesService rules = h.rules;
    private final SendAgentMessageService agent = h.agent;
    private final MessageSenderFake sender = new MessageSenderFake();
    private final DispatchRepliesService dispatcher = new DispatchRepliesService(store, store, store, store, store,
            store, sender, channel -> Optional.empty(), ChannelPolicies.WHATSAPP,
            new DispatchRepliesService.Settings(RetryPolicy.DEFAULT, 1000, Duration.ofMinutes(2), 80,
                    new CircuitBreaker(3, Duration.ofSeconds(1), Duration.ofSeconds(60))),
            clock, d -> clock.advance(d));

    private void someRules() {
        rules.create(new ReplyRule(null, "Sizes", 10, true, new RuleMatch(MatchType.CONTAINS, "size"),
                RuleReply.text("Our size guide: ...")));
        rules.create(new ReplyRule(null, "Fallback", 1000, true, new RuleMatch(MatchType.ANY, null),
                RuleReply.text("Sorry, I did not get that.")));
    }

    private List<String> says(String customer, String text) {
        return says("channel-1", customer, text);
    }

    private List<String> says(String channel, String customer, String text) {
        return h.says(channel, customer, text);
    }

    private Conversation conversation(String customer) {
        return store.find("channel-1", customer).orElseThrow();
    }

    /** A few rounds (one reply per conversation a round keeps their order). */
    private void dispatchAll() {
        for (int round = 0; round < 5; round++) {
            dispatcher.dispatchDue();
            clock.advance(Duration.ofMillis(100));
        }
    }

    @Test
    void onlyTheWholeMessageOptsOut() {
        someRules();
        assertEquals(List.of("Our size guide: ..."), says("ann", "stop sending me the wrong size"));
        assertFalse(conversation("ann").optedOut());
        assertEquals(List.of(ConsentPolicy.DEFAULT_OPT_OUT_REPLY), says("ann", "  Stop! "));
        assertTrue(conversation("ann").optedOut());
        assertEquals(List.of(), says("ann", "what sizes do you have?"), "no rule answers after the opt-out");
        assertEquals(List.of(), says("ann", "STOP"), "saying it again sends nothing");
        assertEquals(1, consentLog.changes.size());
        ConsentChange change = consentLog.changes.get(0);
        assertEquals("STOP", change.keyword());
        assertTrue(change.optedOut());
        assertEquals(ConsentChange.CUSTOMER, change.source());
        assertEquals(store.find("channel-1", "ann").map(Conversation::optedOutAt).orElseThrow(), change.at());
    }

    @Test
    void theKeywordsOfSeveralLanguagesOptOut() {
        someRules();
        List<String> words = List.of("Stopp", "¡BAJA!", "Arrêt.", "arret", "abmelden", "CANCELAR", "parar",
                "Unsubscribe");
        for (int i = 0; i < words.size(); i++) {
            assertEquals(List.of(ConsentPolicy.DEFAULT_OPT_OUT_REPLY), says("c" + i, words.get(i)), words.get(i));
            assertTrue(conversation("c" + i).optedOut(), words.get(i));
        }
        assertEquals(List.of("Sorry, I did not get that."), says("d", "stopped"), "a word that only starts so");
        assertEquals(List.of("Sorry, I did not get that."), says("e", "bájá"), "accents are not ignored");
    }

    @Test
    void startOptsInAgainWithAConfirmationAndTheRulesAnswer() {
        someRules();
        says("ann", "stop");
        assertEquals(List.of(ConsentPolicy.DEFAULT_OPT_IN_REPLY), says("ann", "Start"));
        assertFalse(conversation("ann").optedOut());
        assertEquals(List.of("Our size guide: ..."), says("ann", "which size?"));
        assertEquals(List.of(true, false), consentLog.changes.stream()
                .map(ConsentChange::optedOut).toList());
        assertEquals(List.of("Sorry, I did not get that."), says("bob", "start"),
                "from a customer who never opted out, START is an ordinary message");
    }

    @Test
    void consentIsPerChannel() {
        someRules();
        says("channel-1", "ann", "stop");
        assertEquals(List.of("Our size guide: ..."), says("channel-2", "ann", "which size?"));
    }

    @Test
    void anOptOutEndsTheFlowAndWinsEvenWhileAnAgentTalks() {
        Flow flow = h.flows.create(Flows.orderStatus(), "editor");
        rules.create(new ReplyRule(null, "Order", 10, true, new RuleMatch(MatchType.CONTAINS, "order"),
                RuleReply.flow(flow.id())));
        assertEquals(List.of("Your order number?"), says("ann", "my order"));
        agent.send(new SendAgentMessageCommand(conversation("ann").id(), new OutboundContent.Text("Hi, Sam here"),
                null, "sam"));
        assertEquals(List.of(ConsentPolicy.DEFAULT_OPT_OUT_REPLY), says("ann", "stop"));
        assertNull(conversation("ann").flow(), "the flow ended");
    }

    @Test
    void whatWasQueuedBeforeTheOptOutIsNotSentButTheConfirmationAndAnAgentsWordsAre() {
        someRules();
        says("ann", "which size?");
        OutboundMessage ruleReply = store.outbound.values().iterator().next();
        says("ann", "stop");
        dispatchAll();
        OutboundMessage notSent = store.outbound.get(ruleReply.id());
        assertEquals(DeliveryStatus.FAILED, notSent.status());
        assertEquals("OPTED_OUT", notSent.errorCode());
        assertEquals(List.of(ConsentPolicy.DEFAULT_OPT_OUT_REPLY), sender.sent.stream()
                .map(s -> s.content().summary()).toList());

        OutboundMessage words = agent.send(new SendAgentMessageCommand(conversation("ann").id(),
                new OutboundContent.Text("Sorry to see you go, Ann."), null, "sam"));
        dispatchAll();
        assertEquals(DeliveryStatus.ACCEPTED, store.outbound.get(words.id()).status());
        assertThrows(SendAgentMessageUseCase.OptedOutException.class, () -> agent.send(new SendAgentMessageCommand(
                conversation("ann").id(), new OutboundContent.Template("offer", "en", List.of()), null, "sam")));
        assertEquals(MessageOrigin.CONSENT, store.outbound.values().stream()
                .filter(m -> m.content().summary().equals(ConsentPolicy.DEFAULT_OPT_OUT_REPLY)).findFirst()
                .orElseThrow().origin());
    }

    @Test
    void aPolicyRefusesAWordInBothListsAndTooManyWords() {
        assertThrows(IllegalArgumentException.class, () -> new ConsentPolicy(List.of("stop"), List.of("STOP!"),
                "a", "b"));
        assertThrows(IllegalArgumentException.class, () -> new ConsentPolicy(java.util.stream.IntStream.range(0, 51)
                .mapToObj(i -> "w" + i).toList(), List.of(), "a", "b"));
        assertThrows(IllegalArgumentException.class, () -> new ConsentPolicy(List.of("!!"), List.of(), "a", "b"));
    }
}
