package io.parley.domain.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.domain.fakes.ChannelPolicies;
import io.parley.domain.fakes.InMemoryStoreFake;
import io.parley.domain.fakes.JdkTextPatternsFake;
import io.parley.domain.fakes.MutableClock;
import io.parley.domain.model.Conversation;
import io.parley.domain.model.DeliveryStatus;
import io.parley.domain.model.InboundContent;
import io.parley.domain.model.InboundMessage;
import io.parley.domain.model.MatchType;
import io.parley.domain.model.MessageAnalysis;
import io.parley.domain.model.OutboundMessage;
import io.parley.domain.model.ReplyGuards;
import io.parley.domain.model.ReplyRule;
import io.parley.domain.model.RuleConditions;
import io.parley.domain.model.RuleMatch;
import io.parley.domain.model.RuleReply;
import io.parley.domain.port.in.EventCommand;
import io.parley.domain.port.in.IngestEventsUseCase.Outcome;
import io.parley.domain.port.in.ReceiveMessageCommand;
import io.parley.domain.port.in.RecordAnalysisCommand;
import io.parley.domain.port.in.RecordDeliveryStatusCommand;
import io.parley.domain.port.in.RecordOtherEventCommand;
import io.parley.domain.port.out.DeliveryMetrics;
import io.parley.domain.port.out.TransactionConflictException;
import io.parley.domain.port.out.TransactionPort;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Many events in one transaction: the same outcome as one transaction each, in far fewer transactions. */
class IngestEventsServiceTest {

    private static final String CHANNEL = "channel-1";

    /** One store with the services over it, and a transaction port that can be made to conflict. */
    private static final class Parley {
        final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
        final InMemoryStoreFake store = new InMemoryStoreFake();
        final AtomicInteger conflictsToThrow = new AtomicInteger();
        final AtomicInteger transactionsTried = new AtomicInteger();
        final AtomicInteger outboxSignals = new AtomicInteger();
        final TransactionPort transactions = new TransactionPort() {
            @Override
            public <T> T inTransaction(Supplier<T> work) {
                transactionsTried.incrementAndGet();
                if (conflictsToThrow.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    throw new TransactionConflictException("deadlock detected", null);
                }
                return store.inTransaction(work);
            }
        };
        final ReplyRuleCatalog catalog = new ReplyRuleCatalog(store, new JdkTextPatternsFake());
        final ManageReplyRulesService rules = new ManageReplyRulesService(store, store, catalog, store, clock);
        final ReceiveMessageService receive = new ReceiveMessageService(store, store, store,
                store, store, catalog, outboxSignals::incrementAndGet, () -> { }, clock, DeliveryMetrics.NONE,
                new ReplyGuards(20, 3, Duration.ofHours(1), Duration.ofHours(24)), ChannelPolicies.WHATSAPP);
        final RecordDeliveryStatusService statuses = new RecordDeliveryStatusService(store,
                store, store, channel -> Optional.empty(), ChannelPolicies.WHATSAPP, outboxSignals::incrementAndGet);
        final RecordAnalysisService analyses = new RecordAnalysisService(store, store, clock);
        final IngestEventsService ingest = new IngestEventsService(transactions, store, receive, statuses, analyses,
                clock);

        ReplyRule rule(String name, int priority, MatchType type, String value, Duration cooldown) {
            return rules.create(new ReplyRule(null, name, priority, true, new RuleMatch(type, value),
                    RuleReply.text(name), RuleConditions.NONE, cooldown));
        }

        /** The same events one at a time, a transaction each, as before batching. */
        void oneByOne(List<EventCommand> commands) {
            for (EventCommand command : commands) {
                ingest.ingest(List.of(command));
            }
        }

        /**
         * What a reader of the conversations sees, without ids: per customer, every message in order (direction,
         * text, the rule that answered), and whether and why the bot went quiet.
         */
        Map<String, String> transcript() {
            Map<String, String> byCustomer = new TreeMap<>();
            for (Conversation c : store.conversations.values()) {
                List<String> lines = new ArrayList<>();
                List<Object[]> all = new ArrayList<>();
                for (InboundMessage m : store.inbound.values()) {
                    if (m.conversationId().equals(c.id())) {
                        all.add(new Object[] {m.createdAt(), 0, "in " + m.text()});
                    }
                }
                for (OutboundMessage m : store.outbound.values()) {
                    if (m.conversationId().equals(c.id())) {
                        all.add(new Object[] {m.createdAt(), 1, "out " + m.text()});
                    }
                }
                all.sort(Comparator.<Object[], Instant>comparing(a -> (Instant) a[0]));
                all.forEach(a -> lines.add((String) a[2]));
                lines.add("paused: " + c.botPausedReason());
                byCustomer.put(c.customerId(), String.join("\n", lines));
            }
            return byCustomer;
        }
    }

    private static ReceiveMessageCommand says(String eventId, String customer, String text, Instant at) {
        return new ReceiveMessageCommand(eventId, CHANNEL, customer, InboundContent.text(text), at);
    }

    @Test
    void aMixOfEventsIsOneTransactionWithAnOutcomePerEventInOrder() {
        Parley parley = new Parley();
        parley.rule("hours", 1, MatchType.KEYWORD, "hours", null);
        Instant now = parley.clock.instant();
        int before = parley.store.transactionsRun;
        List<Outcome> outcomes = parley.ingest.ingest(List.of(
                says("e1", "c1", "hours", now),
                new RecordDeliveryStatusCommand("e2", "acs-unknown", DeliveryStatus.SENT, null, null, now),
                new RecordOtherEventCommand("e3", "Microsoft.Communication.SomethingNew", now),
                new RecordAnalysisCommand("e4", CHANNEL, "c2", new MessageAnalysis("e4", "hola", "Spanish", 0.9,
                        null, null, List.of(), now)),
                says("e1", "c1", "hours", now)));
        assertEquals(List.of(Outcome.ACCEPTED, Outcome.ACCEPTED, Outcome.IGNORED, Outcome.ACCEPTED,
                Outcome.DUPLICATE), outcomes);
        assertEquals(1, parley.store.transactionsRun - before, "one transaction for all five");
        assertEquals(1, parley.store.inbound.size(), "the repeat of e1 in the same list changed nothing");
        assertEquals("hours", parley.store.outbound.values().iterator().next().text());
        assertEquals(1, parley.store.kept.size(), "the status for an unknown receipt is kept");
        assertEquals(1, parley.outboxSignals.get(), "the dispatcher is woken once, after the commit");
        assertEquals(List.of(Outcome.DUPLICATE, Outcome.DUPLICATE), parley.ingest.ingest(List.of(
                says("e1", "c1", "hours", now),
                new RecordOtherEventCommand("e3", "Microsoft.Communication.SomethingNew", now))));
    }

    @Test
    void aMessageIsAnsweredKnowingTheAnalysisDeliveredWithIt() {
        Parley parley = new Parley();
        parley.rule("spanish", 1, MatchType.LANGUAGE, "Spanish", null);
        parley.rule("fallback", 2, MatchType.ANY, null, null);
        Instant now = parley.clock.instant();
        parley.ingest.ingest(List.of(
                says("m1", "c1", "Hola", now),
                new RecordAnalysisCommand("a1", CHANNEL, "c1", new MessageAnalysis("a1", "Hola", "Spanish", 0.9,
                        null, null, List.of(), now))));
        assertEquals("spanish", parley.store.outbound.values().iterator().next().text(),
                "analyses of a batch are stored before its messages are answered");
        assertTrue(parley.store.analyses.stream().allMatch(a -> a.messageId() != null), "and attached");
    }

    @Test
    void laterMessagesOfABatchSeeWhatEarlierOnesDid() {
        Parley parley = new Parley();
        parley.rule("greeting", 1, MatchType.FIRST_MESSAGE, null, null);
        parley.rule("prices", 2, MatchType.CONTAINS, "price", Duration.ofMinutes(10));
        parley.rule("fallback", 3, MatchType.ANY, null, null);
        Instant now = parley.clock.instant();
        parley.ingest.ingest(List.of(
                says("m1", "c1", "hello", now),
                says("m2", "c1", "what is the price", now),
                says("m3", "c1", "the price please", now),
                says("m4", "loop", "Thank you!", now),
                says("m5", "loop", "thank you", now),
                says("m6", "loop", "THANK YOU.", now)));
        List<String> replies = parley.store.outbound.values().stream().map(OutboundMessage::text).toList();
        assertEquals(List.of("greeting", "prices", "fallback", "greeting", "fallback"), replies,
                "c1: greeted once, then the price rule answers and cools down; loop: the third same text is a loop");
        assertEquals("LOOP", parley.store.find(CHANNEL, "loop").orElseThrow().botPausedReason());
    }

    @Test
    void aTransactionThatConflictsWithAnotherRunsAgain() {
        Parley parley = new Parley();
        parley.rule("fallback", 1, MatchType.ANY, null, null);
        parley.conflictsToThrow.set(2);
        Instant now = parley.clock.instant();
        assertEquals(List.of(Outcome.ACCEPTED), parley.ingest.ingest(List.of(says("m1", "c1", "hi", now))));
        assertEquals(3, parley.transactionsTried.get());
        assertEquals(1, parley.store.outbound.size());

        parley.conflictsToThrow.set(IngestEventsService.ATTEMPTS);
        assertThrows(TransactionConflictException.class,
                () -> parley.ingest.ingest(List.of(says("m2", "c1", "hi", now))));
        assertEquals(1, parley.store.inbound.size(), "nothing of the failed attempts was taken in");
    }

    /**
     * Seeded random deliveries (several customers, repeated texts that trip the loop guard, bursts that trip the
     * flood guard, redelivered events, unknown event types) give the same transcripts whether every event has its
     * own transaction or the events are taken in in random batches.
     */
    @Test
    void batchesGiveTheSameConversationsAsOneEventAtATime() {
        for (long seed = 1; seed <= 25; seed++) {
            Random random = new Random(seed);
            Parley single = new Parley();
            Parley batched = new Parley();
            for (Parley parley : List.of(single, batched)) {
                parley.rule("greeting", 1, MatchType.FIRST_MESSAGE, null, null);
                parley.rule("hours", 2, MatchType.KEYWORD, "hours", null);
                parley.rule("prices", 3, MatchType.CONTAINS, "price", Duration.ofSeconds(30));
                parley.rule("fallback", 4, MatchType.ANY, null, null);
            }
            List<String> texts = List.of("hours", "Hours!", "what is the price", "hello", "ok", "price?");
            List<EventCommand> sent = new ArrayList<>();
            int events = 0;
            for (int round = 0; round < 40; round++) {
                List<EventCommand> batch = new ArrayList<>();
                int size = 1 + random.nextInt(12);
                for (int i = 0; i < size; i++) {
                    Instant now = single.clock.instant();
                    int kind = random.nextInt(10);
                    if (kind == 0 && !sent.isEmpty()) {
                        batch.add(sent.get(random.nextInt(sent.size()))); // Event Grid delivers it again
                    } else if (kind == 1) {
                        batch.add(new RecordOtherEventCommand("o" + (++events), "Some.Other.Type", now));
                    } else {
                        batch.add(says("e" + (++events), "c" + random.nextInt(6),
                                texts.get(random.nextInt(texts.size())), now));
                    }
                }
                sent.addAll(batch);
                single.oneByOne(batch);
                batched.ingest.ingest(batch);
                Duration pause = Duration.ofSeconds(random.nextInt(20));
                single.clock.advance(pause);
                batched.clock.advance(pause);
            }
            assertEquals(single.transcript(), batched.transcript(), "seed " + seed);
            assertEquals(single.store.events, batched.store.events, "seed " + seed);
            assertTrue(batched.store.transactionsRun < single.store.transactionsRun, "seed " + seed);
        }
    }
}
