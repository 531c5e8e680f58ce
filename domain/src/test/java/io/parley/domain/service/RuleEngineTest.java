package io.parley.domain.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.domain.fakes.ChannelPolicies;
import io.parley.domain.fakes.InMemoryStoreFake;
import io.parley.domain.fakes.JdkTextPatternsFake;
import io.parley.domain.fakes.MutableClock;
import io.parley.domain.model.CompiledRuleSet;
import io.parley.domain.model.InboundContent;
import io.parley.domain.model.MatchType;
import io.parley.domain.model.MessageAnalysis;
import io.parley.domain.model.OutboundContent;
import io.parley.domain.model.OutboundMessage;
import io.parley.domain.model.ReplyGuards;
import io.parley.domain.model.ReplyRule;
import io.parley.domain.model.ReplyType;
import io.parley.domain.model.RuleConditions;
import io.parley.domain.model.RuleInput;
import io.parley.domain.model.RuleMatch;
import io.parley.domain.model.RuleReply;
import io.parley.domain.model.WeeklySchedule;
import io.parley.domain.port.in.ManageReplyRulesUseCase;
import io.parley.domain.port.in.ReceiveMessageCommand;
import io.parley.domain.port.out.DeliveryMetrics;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Match types, conditions, replies and guards of the rule engine, through the receive use case. */
class RuleEngineTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z")); // a Monday
    private final InMemoryStoreFake store = new InMemoryStoreFake();
    private final ReplyRuleCatalog catalog = new ReplyRuleCatalog(store, new JdkTextPatternsFake());
    private final ManageReplyRulesService rules = new ManageReplyRulesService(store, store, catalog, store, clock);
    private final ReceiveMessageService receive = new ReceiveMessageService(store, store, store, store,
            store, catalog, () -> { }, () -> { }, clock, DeliveryMetrics.NONE,
            new ReplyGuards(3, 3, Duration.ofHours(1), Duration.ofHours(24)), ChannelPolicies.WHATSAPP);
    private final IngestEventsService ingest = new IngestEventsService(store, store, receive,
            new RecordDeliveryStatusService(store, store, store, channel -> Optional.empty(),
                    ChannelPolicies.WHATSAPP, () -> { }),
            new RecordAnalysisService(store, store, clock), clock);
    private int events;

    private ReplyRule rule(String name, int priority, MatchType type, String value, RuleReply reply,
                           RuleConditions conditions, Duration cooldown) {
        return rules.create(new ReplyRule(null, name, priority, true, new RuleMatch(type, value), reply, conditions,
                cooldown));
    }

    private ReplyRule rule(String name, int priority, MatchType type, String value) {
        return rule(name, priority, type, value, RuleReply.text(name), null, null);
    }

    private String says(String customer, String text) {
        int before = store.outbound.size();
        ingest.ingest(List.of(new ReceiveMessageCommand("e" + (++events), "channel-1", customer,
                InboundContent.text(text), clock.instant())));
        if (store.outbound.size() == before) {
            return null;
        }
        OutboundMessage last = store.outbound.values().stream().reduce((a, b) -> b).orElseThrow();
        return last.text();
    }

    @Test
    void regexRulesMatchAnywhereIgnoringCase() {
        rule("order number", 1, MatchType.REGEX, "order\\s*#?\\d{4,}");
        assertEquals("order number", says("a", "Where is ORDER #12345?"));
        assertNull(says("a", "where is my order"));
    }

    @Test
    void languageAndIntentUseTheAnalysisWhenItIsKnown() {
        rule("spanish", 1, MatchType.LANGUAGE, "Spanish");
        rule("complaint", 2, MatchType.INTENT, "complaint");
        store.save(new MessageAnalysis("a1", "Hola", "Spanish", 0.9, null, null, List.of(), clock.instant()),
                "channel-1", "es-customer", null, null);
        assertEquals("spanish", says("es-customer", "Hola"), "an analysis that arrived first is used");
        store.save(new MessageAnalysis("a2", "Terrible service", "English", 0.9, null,
                "Complaint: the customer is unhappy", List.of(), clock.instant()), "channel-1", "en-customer", null,
                null);
        assertEquals("complaint", says("en-customer", "Terrible service"));
        assertNull(says("other", "Hola"));
    }

    @Test
    void businessHoursAcrossDaylightSavingAndHolidays() {
        WeeklySchedule hours = new WeeklySchedule(ZoneId.of("Europe/Berlin"), Map.of(
                DayOfWeek.MONDAY, List.of(new WeeklySchedule.Opening(LocalTime.of(9, 0), LocalTime.of(17, 0))),
                DayOfWeek.SUNDAY, List.of(new WeeklySchedule.Opening(LocalTime.of(9, 0), LocalTime.of(17, 0)))),
                Set.of(LocalDate.of(2026, 12, 25)));
        assertTrue(hours.isOpen(Instant.parse("2026-11-23T15:59:00Z")), "16:59 in Berlin (UTC+1)");
        assertFalse(hours.isOpen(Instant.parse("2026-11-23T16:00:00Z")), "17:00 in Berlin");
        // 2026-03-29 is the Sunday clocks go forward in Berlin: 9:00 local is 07:00 UTC that day, 08:00 the week before
        assertTrue(hours.isOpen(Instant.parse("2026-03-29T07:00:00Z")));
        assertFalse(hours.isOpen(Instant.parse("2026-03-22T07:00:00Z")));
        assertTrue(hours.isOpen(Instant.parse("2026-03-22T08:00:00Z")));
        assertFalse(hours.isOpen(Instant.parse("2026-12-25T10:00:00Z")), "a holiday is closed all day");

        rule("away", 1, MatchType.ANY, null, RuleReply.text("We are closed, back at 9:00."),
                new RuleConditions(hours, false, null, null, null, null), null);
        rule("open", 2, MatchType.ANY, null, RuleReply.text("A colleague will answer now."), null, null);
        assertEquals("A colleague will answer now.", says("c", "hello"));
        clock.advance(Duration.ofHours(8)); // 19:00 in Berlin
        assertEquals("We are closed, back at 9:00.", says("c", "hello?"));
    }

    @Test
    void newCustomersInactiveCustomersChannelsAndLanguages() {
        rule("welcome", 1, MatchType.ANY, null, RuleReply.text("Welcome!"),
                new RuleConditions(null, null, true, null, null, null), null);
        rule("welcome back", 2, MatchType.ANY, null, RuleReply.text("Welcome back!"),
                new RuleConditions(null, null, null, 30, null, null), null);
        rule("other channel", 3, MatchType.ANY, null, RuleReply.text("never"),
                new RuleConditions(null, null, null, null, Set.of("channel-2"), null), null);
        rule("fallback", 4, MatchType.ANY, null, RuleReply.text("Thanks."), null, null);
        assertEquals("Welcome!", says("n", "hi"));
        clock.advance(Duration.ofDays(1));
        assertEquals("Thanks.", says("n", "hi again"));
        clock.advance(Duration.ofDays(31));
        assertEquals("Welcome back!", says("n", "remember me?"));
    }

    @Test
    void variablesAndLanguageVariantsAreFilledIn() {
        rule("echo", 1, MatchType.CONTAINS, "echo", new RuleReply(ReplyType.TEXT,
                "{{rule.name}} for {{customer.id}}: {{message.text}} at {{now}}", null, null, null, null, List.of(),
                Map.of("Spanish", "hola {{customer.id}}")), null, null);
        assertEquals("echo for +49: echo this at 2026-11-23 10:00", says("+49", "echo this"));
        store.save(new MessageAnalysis("a", "echo eso", "spanish", 0.9, null, null, List.of(), clock.instant()),
                "channel-1", "+34", null, null);
        assertEquals("hola +34", says("+34", "echo eso"));
    }

    @Test
    void aCoolingDownRuleLetsTheNextOneAnswer() {
        rule("greeting", 1, MatchType.KEYWORD, "hi", RuleReply.text("Hello! Here is our menu."), null,
                Duration.ofHours(24));
        rule("fallback", 2, MatchType.ANY, null);
        assertEquals("Hello! Here is our menu.", says("g", "hi"));
        assertEquals("fallback", says("g", "hi"));
        assertEquals("fallback", says("g", "ok")); // (three times "hi" in a row would be a loop)
        clock.advance(Duration.ofHours(25));
        assertEquals("Hello! Here is our menu.", says("g", "hi"), "the cooldown expired");
        assertEquals("Hello! Here is our menu.", says("other", "hi"), "per customer");
    }

    @Test
    void noneIsDeliberateSilenceAndHandoffSilencesTheBotUntilReleased() {
        rule("thanks", 1, MatchType.KEYWORD, "thanks", new RuleReply(ReplyType.NONE, null, null, null, null, null,
                List.of()), null, null);
        rule("human", 2, MatchType.CONTAINS, "human", new RuleReply(ReplyType.HANDOFF,
                "A colleague takes over from here.", null, null, null, null, List.of()), null, null);
        rule("fallback", 3, MatchType.ANY, null);
        assertNull(says("h", "thanks!"));
        assertEquals("A colleague takes over from here.", says("h", "I want a human"));
        assertNull(says("h", "hello?"), "the bot is silent after a handoff");
        UUID conversation = store.conversations.values().iterator().next().id();
        assertEquals("HANDOFF", store.conversations.get(conversation).botPausedReason());
        store.releaseBot(conversation);
        assertEquals("fallback", says("h", "hello again"));
        clock.advance(Duration.ofHours(1));
        says("h", "I want a human");
        clock.advance(Duration.ofHours(25));
        assertEquals("fallback", says("h", "anyone?"), "the handoff times out");
    }

    @Test
    void theFloodGuardQuietsTheBot() {
        rule("fallback", 1, MatchType.ANY, null);
        for (int i = 0; i < 3; i++) {
            assertEquals("fallback", says("f", "message " + i));
        }
        assertNull(says("f", "message 4"), "more than 3 replies a minute");
        assertEquals("FLOOD", store.conversations.values().iterator().next().botPausedReason());
    }

    @Test
    void theLoopGuardStopsTwoBotsTalking() {
        rule("fallback", 1, MatchType.ANY, null);
        assertEquals("fallback", says("bot", "Thank you for your message!"));
        clock.advance(Duration.ofMinutes(2));
        assertEquals("fallback", says("bot", "Thank you for your message!"));
        clock.advance(Duration.ofMinutes(2));
        assertNull(says("bot", "Thank you for your message!"), "the same text a third time: a loop");
        assertEquals("LOOP", store.conversations.values().iterator().next().botPausedReason());
    }

    @Test
    void theTesterExplainsEveryRule() {
        ReplyRule keyword = rule("hours", 1, MatchType.KEYWORD, "hours");
        rule("prices", 2, MatchType.CONTAINS, "price");
        rule("fallback", 3, MatchType.ANY, null);
        ManageReplyRulesUseCase.RuleTest test = rules.test(new RuleInput("what is the price", false));
        assertEquals("prices", test.winner().name());
        assertEquals(new OutboundContent.Text("prices"), test.reply());
        List<CompiledRuleSet.RuleTrace> trace = test.trace();
        assertEquals(3, trace.size());
        assertEquals(keyword, trace.get(0).rule());
        assertFalse(trace.get(0).matched());
        assertTrue(trace.get(1).winner());
        assertEquals("matches, but an earlier rule answers", trace.get(2).reason());
        assertTrue(store.outbound.isEmpty() && store.inbound.isEmpty(), "the tester stores nothing");
    }
}
