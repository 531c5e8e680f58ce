package io.parley.domain.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.domain.fakes.ChannelPolicies;
import io.parley.domain.fakes.InMemoryStoreFake;
import io.parley.domain.fakes.JdkTextPatternsFake;
import io.parley.domain.fakes.MutableClock;
import io.parley.domain.model.ChannelPolicy;
import io.parley.domain.model.Conversation;
import io.parley.domain.model.InboundContent;
import io.parley.domain.model.InboundMessage;
import io.parley.domain.model.InteractiveOption;
import io.parley.domain.model.InteractiveParts;
import io.parley.domain.model.MatchType;
import io.parley.domain.model.OptionSection;
import io.parley.domain.model.OutboundContent;
import io.parley.domain.model.OutboundMessage;
import io.parley.domain.model.ReplyGuards;
import io.parley.domain.model.ReplyRule;
import io.parley.domain.model.ReplyType;
import io.parley.domain.model.RuleMatch;
import io.parley.domain.model.RuleReply;
import io.parley.domain.port.in.ReceiveMessageCommand;
import io.parley.domain.port.out.DeliveryMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A menu offered as buttons or a list, answered by a tap (matched to the message that offered it) or, where the
 * channel has no interactive messages, by a typed number, id or title: only in the conversation that was offered it.
 */
class InteractiveConversationTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
    private final InMemoryStoreFake store = new InMemoryStoreFake();
    private final ReplyRuleCatalog catalog = new ReplyRuleCatalog(store, new JdkTextPatternsFake());
    private final ManageReplyRulesService rules = new ManageReplyRulesService(store, store, catalog, store, clock);
    private int events;

    private IngestEventsService ingest(ChannelPolicy channel) {
        ReceiveMessageService receive = new ReceiveMessageService(store, store, store, store, store, catalog,
                () -> { }, () -> { }, clock, DeliveryMetrics.NONE,
                new ReplyGuards(20, 3, Duration.ofHours(1), Duration.ofHours(24)), channel);
        return new IngestEventsService(store, store, receive, new RecordDeliveryStatusService(store, store, store,
                c -> Optional.empty(), channel, () -> { }), new RecordAnalysisService(store, store, clock),
                clock);
    }

    private void menuRules() {
        rules.create(new ReplyRule(null, "Menu", 10, true, new RuleMatch(MatchType.KEYWORD, "menu"),
                RuleReply.interactive(ReplyType.BUTTONS, "What can we do for you?", null,
                        InteractiveParts.buttons(List.of(new InteractiveOption("orders", "My orders"),
                                new InteractiveOption("help", "Talk to us"))))));
        rules.create(new ReplyRule(null, "Orders", 20, true, new RuleMatch(MatchType.BUTTON, "orders"),
                RuleReply.text("Your orders are on their way.")));
        rules.create(new ReplyRule(null, "Help", 21, true, new RuleMatch(MatchType.BUTTON, "help"),
                RuleReply.text("A colleague will write to you.")));
    }

    private OutboundMessage last() {
        return store.outbound.values().stream().reduce((a, b) -> b).orElseThrow();
    }

    /** What the bot answered to {@code content} from {@code customer}, or null when it stayed silent. */
    private OutboundMessage answer(IngestEventsService ingest, String customer, InboundContent content) {
        int before = store.outbound.size();
        ingest.ingest(List.of(new ReceiveMessageCommand("e" + (++events), "channel-1", customer, content,
                clock.instant())));
        clock.advance(Duration.ofSeconds(5));
        return store.outbound.size() == before ? null : last();
    }

    private OutboundMessage says(IngestEventsService ingest, String customer, String text) {
        return answer(ingest, customer, InboundContent.text(text));
    }

    private static InboundContent tap(String type, String id, String title, String contextId) {
        return new InboundContent("interactive", null, null,
                contextId == null ? null : new InboundContent.ReplyContext(contextId, "15550000000"), null,
                new InboundContent.Interactive(type, id, title, null), null, null, "wamid-" + id);
    }

    private InboundMessage lastInbound() {
        return store.inbound.values().stream().reduce((a, b) -> b).orElseThrow();
    }

    private OutboundMessage acceptedAs(OutboundMessage m, String receipt) {
        OutboundMessage accepted = m.attempt(clock.instant(), ChannelPolicies.WHATSAPP.repeatabilityWindow())
                .accepted(receipt, clock.instant());
        store.outbound.put(m.id(), accepted);
        return accepted;
    }

    @Test
    void withInteractiveMessagesTheMenuGoesOutAsButtonsAndATapAnswersWithTheButtonsRule() {
        menuRules();
        IngestEventsService ingest = ingest(ChannelPolicies.WHATSAPP);
        OutboundMessage menu = says(ingest, "ann", "menu");
        OutboundContent.Interactive buttons = assertInstanceOf(OutboundContent.Interactive.class, menu.content());
        assertEquals(ReplyType.BUTTONS, buttons.type());
        assertEquals(List.of("orders", "help"), buttons.options().stream().map(InteractiveOption::id).toList());
        acceptedAs(menu, "acs-menu-1");

        OutboundMessage answer = answer(ingest, "ann", tap("buttonReply", "help", "Talk to us", "acs-menu-1"));
        assertEquals("A colleague will write to you.", answer.text());
        InboundMessage tapped = lastInbound();
        assertEquals(menu.id(), tapped.choice().offerMessageId(), "matched to the message in its context");
        assertEquals("help", tapped.choice().optionId());
        assertEquals(2, tapped.choice().number());

        assertNull(says(ingest, "ann", "2"), "buttons shown as buttons have no numbers: a typed 2 is plain text");
        assertEquals("Your orders are on their way.", says(ingest, "ann", "My orders").text(),
                "a typed title is still an answer");
    }

    @Test
    void aTapWithoutContextIsMatchedToTheLastOfferAndATapOfAnotherConversationsMessageIsNot() {
        menuRules();
        IngestEventsService ingest = ingest(ChannelPolicies.WHATSAPP);
        OutboundMessage annsMenu = acceptedAs(says(ingest, "ann", "menu"), "acs-ann");
        says(ingest, "bob", "menu");

        assertEquals("Your orders are on their way.", answer(ingest, "bob",
                tap("buttonReply", "orders", "My orders", null)).text());
        assertTrue(lastInbound().choice() != null && !lastInbound().choice().typed());

        // bob's event names ann's message as its context: it is not taken as ann's offer, bob's own offer counts
        answer(ingest, "bob", tap("buttonReply", "help", "Talk to us", annsMenu.acsMessageId()));
        assertEquals("A colleague will write to you.", last().text());
        assertTrue(!lastInbound().choice().offerMessageId().equals(annsMenu.id()));
    }

    @Test
    void withoutInteractiveMessagesTheMenuIsNumberedTextAndTwoPicksTheSecondOptionOnlyWhereItWasOffered() {
        menuRules();
        IngestEventsService ingest = ingest(ChannelPolicies.WHATSAPP.withInteractiveMessages(false));
        OutboundMessage menu = says(ingest, "ann", "menu");
        assertEquals(new OutboundContent.Text("What can we do for you?\n\n1. My orders\n2. Talk to us"),
                menu.content());
        Conversation ann = store.conversations.get(menu.conversationId());
        assertEquals(menu.id(), ann.offer().messageId(), "the conversation remembers what it was offered");

        assertEquals("A colleague will write to you.", says(ingest, "ann", "2").text());
        assertEquals("help", lastInbound().choice().optionId());
        assertTrue(lastInbound().choice().typed());
        assertEquals("Your orders are on their way.", says(ingest, "ann", "my ORDERS!").text());
        assertEquals("Your orders are on their way.", says(ingest, "ann", "orders").text());

        assertNull(says(ingest, "bob", "2"), "bob was never offered the menu: his 2 means nothing");
        assertNull(lastInbound().choice());

        clock.advance(Duration.ofHours(25));
        assertNull(says(ingest, "ann", "2"), "a day later the menu is no longer an answer");
    }

    @Test
    void aListReplyIsAnsweredByTapOrTypedTitleAndTheRowsNumberAcrossSections() {
        rules.create(new ReplyRule(null, "Times", 10, true, new RuleMatch(MatchType.KEYWORD, "book"),
                RuleReply.interactive(ReplyType.LIST, "When would you like to come?", null,
                        InteractiveParts.list("Pick a time", List.of(
                                new OptionSection("Morning", new InteractiveOption("t9", "9:00"),
                                        new InteractiveOption("t10", "10:00")),
                                new OptionSection("Afternoon", new InteractiveOption("t14", "14:00")))))));
        rules.create(new ReplyRule(null, "Afternoon", 20, true, new RuleMatch(MatchType.LIST, "t14"),
                RuleReply.text("See you at two.")));
        IngestEventsService text = ingest(ChannelPolicies.WHATSAPP.withInteractiveMessages(false));
        assertTrue(says(text, "ann", "book").text().contains("*Afternoon*\n3. 14:00"));
        assertEquals("See you at two.", says(text, "ann", "3").text());
        assertEquals("See you at two.", says(text, "ann", "14:00").text());

        IngestEventsService interactive = ingest(ChannelPolicies.WHATSAPP);
        assertInstanceOf(OutboundContent.Interactive.class, says(interactive, "cem", "book").content());
        assertEquals("See you at two.", answer(interactive, "cem", tap("listReply", "t14", "14:00", null)).text());
    }
}
