package io.parley.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.parley.domain.model.Conversation;
import io.parley.domain.model.ConversationKey;
import io.parley.domain.model.DeadLetter;
import io.parley.domain.model.DeliveryStatus;
import io.parley.domain.model.InboundContent;
import io.parley.domain.model.InboundMessage;
import io.parley.domain.model.InteractiveOption;
import io.parley.domain.model.InteractiveParts;
import io.parley.domain.model.Offer;
import io.parley.domain.model.OfferChoice;
import io.parley.domain.model.OptionSection;
import io.parley.domain.model.MediaDownload;
import io.parley.domain.model.MessageOrigin;
import io.parley.domain.model.StatusChange;
import io.parley.domain.model.MessageAnalysis;
import io.parley.domain.model.MatchType;
import io.parley.domain.model.Message;
import io.parley.domain.model.OutboundContent;
import io.parley.domain.model.OutboundMessage;
import io.parley.domain.model.ReplyRule;
import io.parley.domain.model.ReplyType;
import io.parley.domain.model.RuleMatch;
import io.parley.domain.model.RuleReply;
import io.parley.domain.model.StatusReport;
import io.parley.domain.port.out.AnalysisPort;
import io.parley.domain.port.out.ConversationPort;
import io.parley.domain.port.out.ConversationQueries;
import io.parley.domain.port.out.DeadLetterPort;
import io.parley.domain.port.out.EventLogPort;
import io.parley.domain.port.out.MediaDownloadPort;
import io.parley.domain.port.out.MediaStorePort;
import io.parley.domain.port.out.MessagePort;
import io.parley.domain.port.out.OutboxPort;
import io.parley.domain.port.out.ReplyRulePort;
import io.parley.domain.port.out.RuleHistoryPort;
import io.parley.domain.port.out.SettingsPort;
import io.parley.domain.port.out.StatusHistoryPort;
import io.parley.domain.port.out.StatusReportPort;
import io.parley.domain.port.out.TransactionConflictException;
import io.parley.domain.port.out.TransactionPort;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The persistence adapters against a real H2 database with the real Flyway schema. */
@MicronautTest(transactional = false)
class PersistenceAdaptersTest {

    /** The channel's repeatability window, for attempts (the persistence adapters do not look at it). */
    private static final Duration WINDOW = Duration.ofMinutes(4);

    @Inject TransactionPort tx;
    @Inject CustomerDataPersistenceAdapter customerData;
    @Inject EventLogPort events;
    @Inject SettingsPort settings;
    @Inject ConversationPort conversations;
    @Inject ConversationQueries queries;
    @Inject MessagePort messages;
    @Inject OutboxPort outbox;
    @Inject StatusReportPort reports;
    @Inject ReplyRulePort rules;
    @Inject DeadLetterPort deadLetters;
    @Inject AnalysisPort analyses;
    @Inject MediaDownloadPort mediaDownloads;
    @Inject MediaStorePort mediaStore;
    @Inject StatusHistoryPort statusHistory;
    @Inject RuleHistoryPort ruleHistory;
    @Inject io.parley.domain.port.out.FlowPort flows;
    @Inject io.parley.domain.port.out.ScheduledWorkPort scheduled;

    // database timestamps keep microseconds
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    private <T> T inTx(java.util.function.Supplier<T> work) {
        return tx.inTransaction(work);
    }

    private Conversation newConversation() {
        return conversation("channel-" + UUID.randomUUID(), "+1555", now);
    }

    private Conversation conversation(String channel, String customer, Instant at) {
        ConversationKey key = new ConversationKey(channel, customer);
        return inTx(() -> conversations.lockOrCreate(List.of(key), at).get(key));
    }

    /** A dispatcher's claim: the due rows, with their attempts written and leased until {@code now + lease}. */
    private List<OutboundMessage> claimDue(Instant at, int max, Duration lease) {
        return inTx(() -> {
            List<OutboundMessage> due = outbox.lockDue(at, max);
            outbox.claim(due.stream().map(m -> m.attempt(at, WINDOW)).toList(), at.plus(lease));
            return due;
        });
    }

    private OutboundMessage queue(Conversation c, Instant at, OutboundContent content) {
        OutboundMessage m = OutboundMessage.queue(UUID.randomUUID(), c, null, null, content, at);
        inTx(() -> {
            messages.saveOutbound(m);
            return null;
        });
        return m;
    }

    @Inject H2Housekeeping housekeeping;

    @Test
    void h2HousekeepingLeavesADatabaseWithoutAFileAlone() {
        // an in-memory H2 here, PostgreSQL in the subclass: nothing to rewrite, and the job stops asking
        assertTrue(housekeeping.housekeep().isEmpty());
    }

    @Test
    void anEventIdIsTakenInOnce() {
        String id = UUID.randomUUID().toString();
        assertTrue(inTx(() -> events.recordIfNew(id, "MessageReceived", now)));
        assertFalse(inTx(() -> events.recordIfNew(id, "MessageReceived", now)));
        assertTrue(inTx(() -> events.recordIfNew(id, "DeliveryStatus", now)), "same id, other kind of event");
    }

    @Test
    void concurrentDeliveriesOfOneEventHaveOneEffect() throws Exception {
        String id = UUID.randomUUID().toString();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Callable<Boolean> attempt = () -> {
                start.await();
                return inTx(() -> events.recordIfNew(id, "MessageReceived", now));
            };
            results.add(pool.submit(attempt));
        }
        start.countDown();
        int winners = 0;
        for (Future<Boolean> result : results) {
            winners += result.get() ? 1 : 0;
        }
        pool.shutdown();
        assertEquals(1, winners);
    }

    @Test
    void theEventsOfABatchAreRecordedInOneGoEachOnce() {
        String a = "a-" + UUID.randomUUID();
        String b = "b-" + UUID.randomUUID();
        String earlier = "c-" + UUID.randomUUID();
        assertTrue(inTx(() -> events.recordIfNew(earlier, "MessageReceived", now)));
        BitSet fresh = inTx(() -> events.recordNew(List.of(logged(a, "MessageReceived"), logged(b, "MessageReceived"),
                logged(a, "MessageReceived"), logged(earlier, "MessageReceived"), logged(a, "DeliveryStatus"))));
        assertEquals("{0, 1, 4}", fresh.toString(),
                "new: a, b, and a as another kind; not: a again in the same batch, nor the earlier event");
        assertTrue(inTx(() -> events.recordNew(List.of(logged(a, "MessageReceived"), logged(b, "MessageReceived"))))
                .isEmpty(), "a redelivered batch is all repeats");
    }

    @Test
    void concurrentBatchesOfOverlappingEventsRecordEachEventOnce() throws Exception {
        List<String> shared = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            shared.add("shared-" + i + "-" + UUID.randomUUID());
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<String>>> results = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            List<String> mine = new ArrayList<>(shared);
            java.util.Collections.shuffle(mine, new java.util.Random(t));
            results.add(pool.submit(() -> {
                start.await();
                List<EventLogPort.LoggedEvent> batch = mine.stream().map(id -> logged(id, "MessageReceived")).toList();
                BitSet fresh = retryingConflicts(() -> events.recordNew(batch));
                return fresh.stream().mapToObj(mine::get).toList();
            }));
        }
        start.countDown();
        List<String> won = new ArrayList<>();
        for (Future<List<String>> result : results) {
            won.addAll(result.get());
        }
        pool.shutdown();
        assertEquals(shared.size(), won.size(), "every shared event is new for exactly one batch");
        assertEquals(new java.util.HashSet<>(shared), new java.util.HashSet<>(won));
    }

    /** The work in one transaction, run again while the database reports a conflict (as the domain does). */
    private <T> T retryingConflicts(java.util.function.Supplier<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return inTx(work);
            } catch (TransactionConflictException conflict) {
                if (attempt == 5) {
                    throw conflict;
                }
            }
        }
    }

    private EventLogPort.LoggedEvent logged(String id, String kind) {
        return new EventLogPort.LoggedEvent(id, kind, now);
    }

    @Test
    void conversationsAreLockedOrCreatedTogetherAndKeepTheirGuardsState() {
        String customer = "batch-" + UUID.randomUUID();
        Conversation existing = conversation("ch", customer, now.minusSeconds(60));
        ConversationKey existingKey = existing.key();
        ConversationKey fresh = new ConversationKey("ch", customer + "-2");
        ConversationKey otherChannel = new ConversationKey("ch-2", customer);
        Map<ConversationKey, Conversation> locked = inTx(() -> conversations.lockOrCreate(
                List.of(existingKey, fresh, otherChannel), now));
        assertEquals(3, locked.size());
        assertEquals(existing, locked.get(existingKey), "an existing conversation is read, not created again");
        assertEquals(now, locked.get(fresh).createdAt());
        assertTrue(locked.get(fresh).awaitingFirstMessage());

        Conversation changed = locked.get(fresh).customerWrote("Hello!", now.plusSeconds(1))
                .customerWrote("hello", now.plusSeconds(2))
                .ruleReplied(now.plusSeconds(2), 20).ruleReplied(now.plusSeconds(3), 20)
                .botPausedUntil("LOOP", now.plusSeconds(3600));
        inTx(() -> {
            conversations.saveAll(List.of(changed));
            return null;
        });
        Conversation read = conversations.get(changed.id()).orElseThrow();
        assertEquals(changed, read, "times, pause and reply activity round-trip");
        assertEquals(2, read.activity().sameTextInARow(), "Hello! and hello are the same text to the loop guard");
        assertEquals(2, read.activity().ruleRepliesSince(now));
        assertEquals(Map.of(changed.id(), read),
                inTx(() -> conversations.getAll(List.of(changed.id(), UUID.randomUUID()))));
    }

    @Test
    void concurrentTransactionsCreatingOneConversationGetTheSameOne() throws Exception {
        ConversationKey key = new ConversationKey("ch", "race-" + UUID.randomUUID());
        ExecutorService pool = Executors.newFixedThreadPool(6);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<UUID>> results = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            results.add(pool.submit(() -> {
                start.await();
                return retryingConflicts(() -> conversations.lockOrCreate(List.of(key), now).get(key).id());
            }));
        }
        start.countDown();
        java.util.Set<UUID> ids = new java.util.HashSet<>();
        for (Future<UUID> result : results) {
            ids.add(result.get());
        }
        pool.shutdown();
        assertEquals(1, ids.size());
        assertEquals(ids.iterator().next(), conversations.find(key.channelId(), key.customerId()).orElseThrow().id());
    }

    @Test
    void twoTransactionsLockingConversationsInOppositeOrderConflictAndOneGoesThrough() throws Exception {
        Conversation a = newConversation();
        Conversation b = newConversation();
        java.util.concurrent.CyclicBarrier bothHoldOne = new java.util.concurrent.CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<String>> results = new ArrayList<>();
        for (List<Conversation> order : List.of(List.of(a, b), List.of(b, a))) {
            results.add(pool.submit(() -> {
                try {
                    return inTx(() -> {
                        conversations.lockOrCreate(List.of(order.get(0).key()), now);
                        await(bothHoldOne);
                        conversations.lockOrCreate(List.of(order.get(1).key()), now);
                        return "committed";
                    });
                } catch (TransactionConflictException conflict) {
                    return "conflict";
                }
            }));
        }
        List<String> outcomes = new ArrayList<>();
        for (Future<String> result : results) {
            outcomes.add(result.get());
        }
        pool.shutdown();
        java.util.Collections.sort(outcomes);
        assertEquals(List.of("committed", "conflict"), outcomes);
    }

    private static void await(java.util.concurrent.CyclicBarrier barrier) {
        try {
            barrier.await(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void messagesOfBothDirectionsAreSavedInOneBatchAndLockedTogether() {
        Conversation c = newConversation();
        InboundMessage in = new InboundMessage(UUID.randomUUID(), c.id(), "batch-" + UUID.randomUUID(),
                InboundContent.text("Hi"), now, now, null);
        OutboundMessage reply = OutboundMessage.queue(UUID.randomUUID(), c, in.id(), 7L,
                new OutboundContent.Text("Hello"), now.plusMillis(1));
        OutboundMessage second = OutboundMessage.queue(UUID.randomUUID(), c, in.id(), null,
                new OutboundContent.Media("https://x.test/p.png", null), now.plusMillis(2));
        inTx(() -> {
            messages.saveAll(List.of(in, reply, second));
            return null;
        });
        assertEquals(List.of(in, reply, second), queries.messages(c.id()));
        Map<UUID, OutboundMessage> locked = inTx(() -> messages.lockOutbound(List.of(in.id(), reply.id(),
                second.id(), UUID.randomUUID())));
        assertEquals(Map.of(reply.id(), reply, second.id(), second), locked, "outbound messages only");
        OutboundMessage unknown = OutboundMessage.queue(UUID.randomUUID(), c, null, null,
                new OutboundContent.Text("never stored"), now);
        assertThrows(IllegalStateException.class, () -> inTx(() -> {
            messages.updateOutboundAll(List.of(reply.attempt(now, WINDOW), unknown));
            return null;
        }));
        assertEquals(0, inTx(() -> messages.lockOutbound(reply.id())).orElseThrow().attempts(),
                "nothing of the failed batch is kept");
    }

    @Test
    void longBatchesKeepEveryRowInOrderAndEachEventAndConversationOnce() {
        int n = 150;
        List<EventLogPort.LoggedEvent> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            batch.add(logged("long-" + i + "-" + UUID.randomUUID(), i % 2 == 0 ? "MessageReceived" : "DeliveryStatus"));
        }
        java.util.Set<Integer> earlier = new java.util.HashSet<>();
        for (int i = 3; i < n; i += 7) {
            earlier.add(i);
        }
        inTx(() -> events.recordNew(earlier.stream().map(batch::get).toList()));
        BitSet fresh = inTx(() -> events.recordNew(batch));
        for (int i = 0; i < n; i++) {
            assertEquals(!earlier.contains(i), fresh.get(i), "event " + i + " is new unless recorded before");
        }

        String channel = "long-" + UUID.randomUUID();
        List<ConversationKey> keys = java.util.stream.IntStream.range(0, n)
                .mapToObj(i -> new ConversationKey(channel, "+1555" + i)).toList();
        Map<ConversationKey, Conversation> before = inTx(() -> conversations.lockOrCreate(keys.subList(70, 90), now));
        Map<ConversationKey, Conversation> all = inTx(() -> conversations.lockOrCreate(keys, now.plusSeconds(1)));
        assertEquals(new java.util.HashSet<>(keys), all.keySet());
        for (ConversationKey key : keys) {
            Conversation expected = before.containsKey(key) ? before.get(key)
                    : conversations.find(key.channelId(), key.customerId()).orElseThrow();
            assertEquals(expected, all.get(key), "conversation " + key + " as stored, created once");
        }

        Conversation c = all.get(keys.get(0));
        List<Message> both = new ArrayList<>();
        List<OutboundMessage> replies = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            replies.add(messageAndReply(c, i, "message " + i, "reply " + i, both));
        }
        saveAll(both);
        assertEquals(both, queries.messages(c.id()));

        List<OutboundMessage> accepted = replies.stream()
                .map(m -> m.attempt(now, WINDOW).accepted("long-acs-" + m.id(), now.plusSeconds(2))).toList();
        inTx(() -> {
            messages.updateOutboundAll(accepted);
            return null;
        });
        assertEquals(accepted, queries.messages(c.id()).stream().filter(OutboundMessage.class::isInstance).toList());
        List<StatusChange> changes = accepted.stream().map(m -> new StatusChange(m.id(), DeliveryStatus.DELIVERED,
                now.plusSeconds(3), null, null, StatusChange.Source.CHANNEL, true)).toList();
        inTx(() -> {
            statusHistory.appendAll(changes);
            return null;
        });
        for (int i = 0; i < n; i++) {
            assertEquals(List.of(changes.get(i)), statusHistory.history(accepted.get(i).id()));
        }
    }

    /** Received text {@code i} of {@code c} and its queued reply (2 ms after the one before), put in {@code both}. */
    private OutboundMessage messageAndReply(Conversation c, int i, String text, String replyText, List<Message> both) {
        Instant at = now.plusMillis(2L * i);
        InboundMessage in = new InboundMessage(UUID.randomUUID(), c.id(), "in-" + i + "-" + UUID.randomUUID(),
                InboundContent.text(text), at, at, null);
        OutboundMessage reply = OutboundMessage.queue(UUID.randomUUID(), c, in.id(), null,
                new OutboundContent.Text(replyText), at.plusMillis(1));
        both.add(in);
        both.add(reply);
        return reply;
    }

    private void saveAll(List<Message> all) {
        inTx(() -> {
            messages.saveAll(all);
            return null;
        });
    }

    /** Texts that an array's text form has to quote or escape, and values that look like its own syntax. */
    private static final List<String> AWKWARD_TEXTS = List.of("''", "NULL", "null", "a,b", "{1,2}", "say \"hi\"",
            "back\\slash", "it's", "two\nlines\ttab", "é ü 中文 🎉", " leading and trailing ", "\\\"{,}\"\\");

    @Test
    void setWritesKeepEveryTextAsItWasAndApplyTheLastStateOfAMessageWrittenTwice() {
        Conversation c = newConversation();
        List<Message> both = new ArrayList<>();
        List<OutboundMessage> replies = new ArrayList<>();
        for (int i = 0; i < AWKWARD_TEXTS.size(); i++) {
            replies.add(messageAndReply(c, i, AWKWARD_TEXTS.get(i), AWKWARD_TEXTS.get(i), both));
        }
        saveAll(both);
        List<Message> read = queries.messages(c.id());
        assertEquals(both.size(), read.size());
        for (int i = 0; i < both.size(); i++) {
            assertEquals(both.get(i), read.get(i), "message " + i);
        }

        // the same message twice in one write, as when Sent and Delivered come in one batch: the last state stays
        OutboundMessage first = replies.get(0);
        OutboundMessage accepted = first.attempt(now, WINDOW).accepted("awkward-acs-" + first.id(), now.plusSeconds(1));
        OutboundMessage delivered = accepted.report(DeliveryStatus.DELIVERED, null, null, now.plusSeconds(2),
                StatusChange.Source.CHANNEL).message();
        OutboundMessage failed = replies.get(1).report(DeliveryStatus.FAILED, "a,\"b\"", AWKWARD_TEXTS.get(11),
                now.plusSeconds(3), StatusChange.Source.DISPATCHER).message();
        inTx(() -> {
            messages.updateOutboundAll(List.of(accepted, failed, delivered));
            return null;
        });
        List<Message> stored = queries.messages(c.id());
        assertEquals(delivered, stored.stream().filter(m -> m.id().equals(first.id())).findFirst().orElseThrow());
        assertEquals(failed, stored.stream().filter(m -> m.id().equals(failed.id())).findFirst().orElseThrow());

        OutboundMessage unknown = OutboundMessage.queue(UUID.randomUUID(), c, null, null,
                new OutboundContent.Text("never stored"), now);
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> inTx(() -> {
            messages.updateOutboundAll(List.of(delivered, unknown));
            return null;
        }));
        assertTrue(missing.getMessage().contains("1 of 2"), missing.getMessage());

        List<StatusChange> changes = AWKWARD_TEXTS.stream().map(text -> new StatusChange(first.id(),
                DeliveryStatus.FAILED, now.plusSeconds(4), text, text, StatusChange.Source.CHANNEL, false)).toList();
        inTx(() -> {
            statusHistory.appendAll(changes);
            return null;
        });
        assertEquals(changes, statusHistory.history(first.id()));
    }

    @Test
    void oneConversationPerChannelAndCustomer() {
        Conversation a = conversation("ch", "cust-" + now.toEpochMilli(), now);
        Conversation b = conversation("ch", "cust-" + now.toEpochMilli(), now.plusSeconds(5));
        Conversation other = conversation("ch2", "cust-" + now.toEpochMilli(), now);
        assertEquals(a.id(), b.id());
        assertNotEquals(a.id(), other.id());
        inTx(() -> {
            conversations.touch(a, now.plusSeconds(60));
            conversations.touch(a, now.plusSeconds(30));
            return null;
        });
        assertEquals(now.plusSeconds(60), queries.conversation(a.id()).orElseThrow().lastMessageAt());
        List<Conversation> mine = queries.conversations("cust-" + now.toEpochMilli(), 0, 10);
        assertEquals(List.of(a.id(), other.id()), mine.stream().map(Conversation::id).toList(), "newest first");
        assertEquals(List.of(a.id(), other.id()), inbox(new ConversationQueries.InboxQuery("cust-" + now.toEpochMilli(),
                null, java.util.Set.of(), null, "viewer", now)), "the inbox of one customer too");
    }

    /** The ids of the inbox's page for {@code query}. */
    private List<UUID> inbox(ConversationQueries.InboxQuery query) {
        return queries.inbox(query, 0, 10).stream().map(e -> e.conversation().id()).toList();
    }

    private List<UUID> search(String text) {
        return inbox(new ConversationQueries.InboxQuery(null, text, java.util.Set.of(), null, "viewer", now));
    }

    @Test
    void searchFindsCustomersByPartOfTheirIdWithLikeCharactersTakenLiterally() {
        String stamp = String.valueOf(now.toEpochMilli());
        Conversation plain = conversation("ch", "Search-" + stamp + "-abc", now);
        Conversation percent = conversation("ch", "search-" + stamp + "-50%_off", now);
        assertEquals(List.of(plain.id()), search("SEARCH-" + stamp + "-A"), "contains, ignoring case");
        assertEquals(List.of(percent.id()), search(stamp + "-50%_"), "% and _ are characters, not wildcards");
        assertEquals(List.of(), search(stamp + "%"));
        assertEquals(List.of(), search(stamp + "\\"));
        assertEquals(2, search("-" + stamp + "-").size());
    }

    @Test
    void messagesRoundTripInOrder() {
        Conversation c = newConversation();
        InboundMessage in = new InboundMessage(UUID.randomUUID(), c.id(), "ev-" + UUID.randomUUID(),
                InboundContent.text("Hello 👋"), now.minusSeconds(1), now, null);
        inTx(() -> {
            messages.saveInbound(in);
            return null;
        });
        OutboundMessage text = queue(c, now.plusMillis(1), new OutboundContent.Text("Hi!"));
        OutboundMessage template = queue(c, now.plusMillis(2),
                new OutboundContent.Template("order_update", "en_US", List.of("Ann", "42 \"boxes\"")));
        OutboundMessage media = queue(c, now.plusMillis(3), new OutboundContent.Media("https://x.test/a.png", "cap"));

        List<Message> stored = queries.messages(c.id());
        assertEquals(List.of(in, text, template, media), stored);
    }

    @Test
    void typedInboundMessagesRoundTripWithEveryPart() {
        Conversation c = newConversation();
        InboundContent document = new InboundContent("document", null,
                new InboundContent.Media("m-1", "application/pdf", "invoice.pdf", "my invoice", false),
                new InboundContent.ReplyContext("wamid-0", "channel"), null, null, null,
                new InboundContent.ChannelError("131051", "Unsupported message type"), "wamid-1");
        InboundContent list = new InboundContent("interactive", null, null, null, null,
                new InboundContent.Interactive("listReply", "row-roses", "Roses", "A dozen"), null, null, "wamid-2");
        InboundContent button = new InboundContent("button", null, null, null,
                new InboundContent.Button("Yes", "confirm"), null, null, null, "wamid-3");
        InboundContent reaction = new InboundContent("reaction", null, null, null, null, null,
                new InboundContent.Reaction("wamid-0", "👍"), null, "wamid-4");
        List<InboundMessage> saved = new ArrayList<>();
        int i = 0;
        for (InboundContent content : List.of(document, list, button, reaction)) {
            InboundMessage m = new InboundMessage(UUID.randomUUID(), c.id(), "typed-" + UUID.randomUUID(), content,
                    now, now.plusMillis(i++), null);
            inTx(() -> {
                messages.saveInbound(m);
                return null;
            });
            saved.add(m);
        }
        assertEquals(saved, queries.messages(c.id()));
        assertEquals("my invoice", queries.messages(c.id()).get(0).text());
    }

    @Test
    void analysesAttachToTheNearestSameTextMessageOrWaitForIt() {
        Conversation c = conversation("ch-a", "cust-" + UUID.randomUUID(), now);
        InboundMessage early = new InboundMessage(UUID.randomUUID(), c.id(), "a1-" + UUID.randomUUID(),
                InboundContent.text("Where is my order?"), now.minusSeconds(3600), now.minusSeconds(3600), null);
        InboundMessage late = new InboundMessage(UUID.randomUUID(), c.id(), "a2-" + UUID.randomUUID(),
                InboundContent.text("Where is my order?"), now.minusSeconds(5), now.minusSeconds(5), null);
        inTx(() -> {
            messages.saveInbound(early);
            messages.saveInbound(late);
            return null;
        });
        MessageAnalysis analysis = new MessageAnalysis("an-" + UUID.randomUUID(), "Where is my order?", "English",
                0.98, null, "Order status", List.of("order"), now);
        assertEquals(late.id(), analyses.findAnalysed(c, "Where is my order?", now, Duration.ofHours(24))
                .orElseThrow());
        assertTrue(analyses.findAnalysed(c, "Where is my order?", now.plus(Duration.ofDays(3)),
                Duration.ofHours(24)).isEmpty(), "too far apart");
        inTx(() -> {
            analyses.save(analysis, c.channelId(), c.customerId(), c.id(), late.id());
            return null;
        });
        assertEquals(analysis, ((InboundMessage) queries.message(late.id()).orElseThrow()).analysis());
        assertEquals(analysis, ((InboundMessage) queries.messages(c.id()).get(1)).analysis());
        assertEquals(null, ((InboundMessage) queries.messages(c.id()).get(0)).analysis());

        MessageAnalysis first = new MessageAnalysis("an-" + UUID.randomUUID(), "Hola", "Spanish", null, "Hello",
                "Greeting", List.of(), now);
        inTx(() -> {
            analyses.save(first, c.channelId(), c.customerId(), null, null);
            return null;
        });
        Conversation elsewhere = conversation("ch-b", c.customerId(), now);
        inTx(() -> {
            analyses.save(first, elsewhere.channelId(), elsewhere.customerId(), null, null);
            return null;
        });
        List<AnalysisPort.WaitingAnalysis> waiting = inTx(() -> analyses.waitingFor(List.of(c.key())));
        assertEquals(List.of(first), waiting.stream().map(AnalysisPort.WaitingAnalysis::analysis).toList(),
                "kept for this channel and customer only");
        assertEquals(c.key(), waiting.get(0).key());
        InboundMessage hola = new InboundMessage(UUID.randomUUID(), c.id(), "a3-" + UUID.randomUUID(),
                InboundContent.text("Hola"), now, now.plusSeconds(1), null);
        inTx(() -> {
            messages.saveInbound(hola);
            analyses.attachAll(List.of(new AnalysisPort.Attachment(waiting.get(0).id(), c.id(), hola.id())));
            return null;
        });
        assertEquals(first, ((InboundMessage) queries.message(hola.id()).orElseThrow()).analysis());
        assertTrue(inTx(() -> analyses.waitingFor(List.of(c.key()))).isEmpty(), "attached analyses wait no more");
        assertEquals(1, inTx(() -> analyses.waitingFor(List.of(c.key(), elsewhere.key()))).size());
    }

    @Test
    void mediaDownloadsAreQueuedClaimedAndRecorded() throws Exception {
        Conversation c = newConversation();
        InboundContent.Media media = new InboundContent.Media("m-" + UUID.randomUUID(), "image/png", "a.png", null,
                null);
        InboundMessage in = new InboundMessage(UUID.randomUUID(), c.id(), "md-" + UUID.randomUUID(),
                new InboundContent(null, null, media, null, null, null, null, null, null), now, now, null);
        inTx(() -> {
            messages.saveInbound(in);
            mediaDownloads.enqueue(MediaDownload.pending(in.id(), media, now.minusSeconds(1)));
            return null;
        });
        List<MediaDownload> claimed = mediaDownloads.claimDueDownloads(now, 100, Duration.ofMinutes(1));
        assertTrue(claimed.stream().anyMatch(d -> d.messageId().equals(in.id())));
        assertTrue(mediaDownloads.claimDueDownloads(now, 100, Duration.ofMinutes(1)).stream()
                .noneMatch(d -> d.messageId().equals(in.id())), "claimed once");
        MediaDownload pending = mediaDownloads.findDownload(in.id()).orElseThrow();
        mediaStore.store(in.id(), new byte[] {1, 2, 3});
        mediaDownloads.recordAttempt(pending.stored(3, "image/png"));
        MediaDownload stored = mediaDownloads.findDownload(in.id()).orElseThrow();
        assertEquals(MediaDownload.Status.STORED, stored.status());
        assertEquals(3L, stored.sizeBytes());
        try (var bytes = mediaStore.open(in.id()).orElseThrow()) {
            assertArrayEquals(new byte[] {1, 2, 3}, bytes.readAllBytes());
        }
        assertTrue(mediaStore.open(UUID.randomUUID()).isEmpty());
    }

    @Test
    void historyWindowFieldsAndTheLastInboundTimeAreKept() {
        Conversation c = newConversation();
        inTx(() -> {
            conversations.saveAll(List.of(c.customerWrote("hi", now.plusSeconds(10)).customerWrote(null,
                    now.plusSeconds(5))));
            return null;
        });
        assertEquals(now.plusSeconds(10), conversations.get(c.id()).orElseThrow().lastInboundAt());
        OutboundMessage m = queue(c, now, new OutboundContent.Text("hi"));
        OutboundMessage attempted = m.attempt(now, WINDOW).retryAt(now.plusSeconds(2), "NO_ANSWER", "timed out", true)
                .withContent(new OutboundContent.Template("back", "en", List.of("x")), MessageOrigin.FALLBACK_TEMPLATE);
        inTx(() -> {
            messages.updateOutbound(attempted);
            statusHistory.append(new StatusChange(m.id(), DeliveryStatus.QUEUED, now, null, null,
                    StatusChange.Source.OUTBOX, true));
            statusHistory.append(new StatusChange(m.id(), DeliveryStatus.READ, now.plusSeconds(1), "c", "m",
                    StatusChange.Source.CHANNEL, false));
            return null;
        });
        assertEquals(attempted, inTx(() -> messages.lockOutbound(m.id())).orElseThrow());
        assertEquals(List.of(DeliveryStatus.QUEUED, DeliveryStatus.READ),
                statusHistory.history(m.id()).stream().map(StatusChange::status).toList());
        assertFalse(statusHistory.history(m.id()).get(1).applied());
        String unknown = "nobody-" + UUID.randomUUID();
        inTx(() -> {
            reports.keep(new StatusReport("k-" + unknown, unknown, DeliveryStatus.SENT, null, null, now));
            return null;
        });
        assertEquals(unknown, reports.kept(0, 1).get(0).acsMessageId());
    }

    @Test
    void outboundUpdatesAndLookupByReceipt() {
        Conversation c = newConversation();
        OutboundMessage m = queue(c, now, new OutboundContent.Text("Hi"));
        String receipt = "acs-" + UUID.randomUUID();
        OutboundMessage accepted = m.attempt(now, WINDOW).accepted(receipt, now.plusSeconds(1));
        inTx(() -> {
            outbox.record(List.of(accepted));
            return null;
        });
        assertEquals(accepted, inTx(() -> messages.lockOutboundByAcsMessageId(receipt)).orElseThrow());
        assertEquals(accepted, inTx(() -> messages.lockOutbound(m.id())).orElseThrow());
        assertTrue(inTx(() -> messages.lockOutboundByAcsMessageId("nope")).isEmpty());
    }

    @Test
    void claimsAreExclusiveOrderedAndLeased() {
        Conversation c = newConversation();
        Conversation d = newConversation();
        Instant base = now.minusSeconds(3600);
        OutboundMessage c1 = queue(c, base, new OutboundContent.Text("c1"));
        OutboundMessage c2 = queue(c, base.plusMillis(1), new OutboundContent.Text("c2"));
        OutboundMessage d1 = queue(d, base.plusMillis(2), new OutboundContent.Text("d1"));

        List<UUID> first = ids(claimDue(now, 100, Duration.ofMinutes(1)));
        assertTrue(first.contains(c1.id()) && first.contains(d1.id()), "oldest of each conversation");
        assertFalse(first.contains(c2.id()), "c2 waits behind c1");
        assertEquals(1, inTx(() -> messages.lockOutbound(c1.id())).orElseThrow().attempts(),
                "the claim writes the attempt");
        assertTrue(ids(claimDue(now, 100, Duration.ofMinutes(1))).stream()
                .noneMatch(id -> List.of(c1.id(), c2.id(), d1.id()).contains(id)), "claimed rows are not claimed again");

        List<UUID> afterLease = ids(claimDue(now.plus(Duration.ofMinutes(2)), 100, Duration.ofMinutes(1)));
        assertTrue(afterLease.contains(c1.id()), "an expired lease is taken over");

        inTx(() -> {
            outbox.record(List.of(c1.attempt(now, WINDOW).accepted("r-" + UUID.randomUUID(), now),
                    d1.attempt(now, WINDOW).retryAt(now, "503", "down", false)));
            return null;
        });
        List<UUID> next = ids(claimDue(now.plus(Duration.ofMinutes(2)), 100, Duration.ofMinutes(1)));
        assertTrue(next.contains(c2.id()), "c2 goes once c1 left the queue");
        assertTrue(next.contains(d1.id()), "recording an outcome ends the claim; a retry waits for its time");
        assertFalse(next.contains(c1.id()), "an accepted reply has left the queue");
    }

    @Test
    void aClaimedAttemptOutlivesItsClaimantAndASendNotTriedGivesItBack() {
        Conversation c = newConversation();
        OutboundMessage m = queue(c, now.minusSeconds(3600), new OutboundContent.Text("kept"));
        assertTrue(ids(claimDue(now, 1000, Duration.ofMinutes(1))).contains(m.id()));

        // the claimant died: whoever takes the reply next finds its attempt, first-attempt time and window
        Instant later = now.plus(Duration.ofMinutes(2));
        OutboundMessage found = claimDue(later, 1000, Duration.ofMinutes(1)).stream()
                .filter(d -> d.id().equals(m.id())).findFirst().orElseThrow();
        assertEquals(1, found.attempts(), "the dead claimant's attempt counts");
        assertEquals(now, found.firstAttemptAt());
        assertEquals(now, found.windowStartedAt(), "a resend inside the window repeats the same request");
        OutboundMessage second = inTx(() -> messages.lockOutbound(m.id())).orElseThrow();
        assertEquals(2, second.attempts());
        assertEquals(now, second.windowStartedAt());

        // the second claimant did not send after all: its attempt is given back and the reply is due again
        inTx(() -> {
            outbox.record(List.of(found));
            return null;
        });
        assertEquals(found, inTx(() -> messages.lockOutbound(m.id())).orElseThrow());
        OutboundMessage third = claimDue(later, 1000, Duration.ofMinutes(1)).stream()
                .filter(d -> d.id().equals(m.id())).findFirst().orElseThrow();
        assertEquals(1, third.attempts());

        // accepted: the message row holds the attempts now, and the reply has left the queue
        OutboundMessage accepted = third.attempt(later, WINDOW).accepted("r-" + UUID.randomUUID(), later);
        inTx(() -> {
            outbox.record(List.of(accepted));
            return null;
        });
        OutboundMessage stored = inTx(() -> messages.lockOutbound(m.id())).orElseThrow();
        assertEquals(accepted, stored);
        assertEquals(2, stored.attempts());
        assertEquals(now, stored.firstAttemptAt());
    }

    @Test
    void aNewerAttemptOnTheMessageRowWinsOverAnOlderClaimOnTheOutbox() {
        Conversation c = newConversation();
        OutboundMessage m = queue(c, now.minusSeconds(3600), new OutboundContent.Text("upgrade"));
        OutboundMessage first = claimDue(now, 1000, Duration.ofMinutes(1)).stream()
                .filter(d -> d.id().equals(m.id())).findFirst().orElseThrow();
        // an instance of the earlier version took the reply over and claimed it on the message row, twice
        OutboundMessage older = first.attempt(now, WINDOW).attempt(now.plusSeconds(90), WINDOW);
        inTx(() -> {
            messages.updateOutbound(older);
            return null;
        });
        assertEquals(2, inTx(() -> messages.lockOutbound(m.id())).orElseThrow().attempts());
    }

    @Test
    void anOutcomeIsWeighedAgainstAClaimBeingMadeMeanwhile() throws Exception {
        Conversation c = newConversation();
        OutboundMessage m = queue(c, now.minusSeconds(3600), new OutboundContent.Text("raced"));
        assertTrue(ids(claimDue(now, 1000, Duration.ofMinutes(1))).contains(m.id()));
        Instant later = now.plus(Duration.ofMinutes(2));
        CountDownLatch claimed = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            // a second dispatcher takes the reply over after the first one's lease ran out, and has not committed
            Future<?> takeOver = pool.submit(() -> inTx(() -> {
                List<OutboundMessage> due = outbox.lockDue(later, 1000).stream()
                        .filter(d -> d.id().equals(m.id())).toList();
                outbox.claim(due.stream().map(d -> d.attempt(later, WINDOW)).toList(), later.plusSeconds(60));
                claimed.countDown();
                try {
                    commit.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return null;
            }));
            assertTrue(claimed.await(10, java.util.concurrent.TimeUnit.SECONDS));
            // the first dispatcher, recording its late outcome, reads the reply's attempt
            Future<Integer> seen = pool.submit(() -> inTx(() -> messages.lockOutbound(m.id()).orElseThrow()
                    .attempts()));
            Thread.sleep(300);
            assertFalse(seen.isDone(), "waits for the claim being made");
            commit.countDown();
            takeOver.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(2, seen.get(10, java.util.concurrent.TimeUnit.SECONDS),
                    "sees the newer attempt, so that its own outcome is fenced off");
        } finally {
            commit.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void releasingAllClaimsMakesClaimedRowsClaimableAgain() {
        Conversation c = newConversation();
        OutboundMessage m = queue(c, now.minusSeconds(7200), new OutboundContent.Text("orphan"));
        assertTrue(ids(claimDue(now, 1000, Duration.ofMinutes(10))).contains(m.id()));
        assertFalse(ids(claimDue(now, 1000, Duration.ofMinutes(10))).contains(m.id()));
        assertTrue(outbox.releaseAllClaims() >= 1);
        assertTrue(ids(claimDue(now, 1000, Duration.ofMinutes(10))).contains(m.id()));
    }

    @Test
    void keptReportsAreTakenOnceTheirMessageIsKnown() {
        String receipt = "acs-" + UUID.randomUUID();
        StatusReport report = new StatusReport("e-" + UUID.randomUUID(), receipt, DeliveryStatus.DELIVERED, null,
                null, now);
        inTx(() -> {
            reports.keep(report);
            return null;
        });
        assertTrue(inTx(() -> reports.takeMatched(100)).stream().noneMatch(r -> r.acsMessageId().equals(receipt)));
        Conversation c = newConversation();
        OutboundMessage m = queue(c, now, new OutboundContent.Text("Hi"));
        inTx(() -> {
            outbox.record(List.of(m.attempt(now, WINDOW).accepted(receipt, now)));
            return null;
        });
        assertEquals(List.of(report), inTx(() -> reports.takeMatched(100)).stream()
                .filter(r -> r.acsMessageId().equals(receipt)).toList());
        assertTrue(inTx(() -> reports.takeMatched(100)).isEmpty(), "taken means removed");
    }

    @Test
    void rulesRoundTripAndEveryChangeMovesTheVersion() {
        long v0 = rules.version();
        ReplyRule stored = inTx(() -> rules.insert(new ReplyRule(null, "Order", 5, true,
                new RuleMatch(MatchType.CONTAINS, "order status"),
                new RuleReply(ReplyType.TEMPLATE, null, null, null, "order_update", "en", List.of("a", "b")))));
        assertTrue(stored.id() > 0);
        assertEquals(stored, rules.findById(stored.id()).orElseThrow());
        long v1 = rules.version();
        assertTrue(v1 > v0);

        ReplyRule changed = new ReplyRule(stored.id(), "Order 2", 6, false, new RuleMatch(MatchType.ANY, null),
                RuleReply.text("x"));
        assertTrue(inTx(() -> rules.update(changed)));
        assertEquals(changed, rules.findById(stored.id()).orElseThrow());
        assertTrue(rules.version() > v1);
        assertFalse(inTx(() -> rules.update(changed.withId(-1L))));
        assertTrue(inTx(() -> rules.delete(stored.id())));
        assertFalse(inTx(() -> rules.delete(stored.id())));
        assertTrue(rules.findById(stored.id()).isEmpty());
    }

    @Test
    void interactiveRulesMessagesOffersAndChoicesRoundTrip() {
        InteractiveParts parts = InteractiveParts.list("Pick a time", List.of(
                new OptionSection("Morning", new InteractiveOption("t9", "9:00", "Early bird"),
                        new InteractiveOption("t10", "10:00")),
                new OptionSection("Afternoon", new InteractiveOption("t14", "14:00"))))
                .withHeaderAndFooter("Bookings", "Reply any time");
        ReplyRule stored = inTx(() -> rules.insert(new ReplyRule(null, "Book", 5, true,
                new RuleMatch(MatchType.KEYWORD, "book"), RuleReply.interactive(ReplyType.LIST, "When?", null,
                parts))));
        assertEquals(stored, rules.findById(stored.id()).orElseThrow());
        inTx(() -> ruleHistory.append(stored.id(), "CREATED", stored, "ops", now));
        assertEquals(stored.reply(), inTx(() -> ruleHistory.version(stored.id(), 1)).orElseThrow().rule().reply(),
                "a version keeps the interactive parts");

        Conversation c = newConversation();
        OutboundContent.Interactive menu = new OutboundContent.Interactive("Shop", "What can we do?", null,
                new OutboundContent.Interactive.Buttons(List.of(new InteractiveOption("orders", "My orders"),
                        new InteractiveOption("help", "Talk to us"))));
        OutboundContent.Interactive link = new OutboundContent.Interactive(null, "Track it", "Thanks",
                new OutboundContent.Interactive.Link("Track", "https://shop.example/t/1"));
        OutboundMessage sentMenu = queue(c, now, menu);
        OutboundMessage sentLink = queue(c, now.plusMillis(1), link);
        assertEquals(sentMenu, inTx(() -> messages.lockOutbound(sentMenu.id())).orElseThrow());
        assertEquals(sentLink, inTx(() -> messages.lockOutbound(sentLink.id())).orElseThrow());
        OutboundContent.Template fallback = new OutboundContent.Template("reopen", "en", List.of());
        OutboundMessage asTemplate = sentLink.withContent(fallback, MessageOrigin.FALLBACK_TEMPLATE);
        inTx(() -> {
            messages.updateOutboundAll(List.of(asTemplate));
            return null;
        });
        assertEquals(fallback, inTx(() -> messages.lockOutbound(sentLink.id())).orElseThrow().content(),
                "a fallback template replaces the interactive content entirely");

        String receipt = "acs-" + UUID.randomUUID();
        inTx(() -> {
            outbox.record(List.of(sentMenu.attempt(now, WINDOW).accepted(receipt, now)));
            return null;
        });
        assertEquals(List.of(receipt), List.copyOf(inTx(() -> messages.findOutboundByAcsMessageIds(
                List.of(receipt, "unknown"))).keySet()));

        Offer offer = Offer.of(sentMenu.id(), menu, true, now).orElseThrow();
        Conversation offered = c.customerWrote("menu", now).offered(offer);
        inTx(() -> {
            conversations.saveAll(List.of(offered));
            return null;
        });
        assertEquals(offered, conversations.get(c.id()).orElseThrow());
        assertEquals(offer, inTx(() -> conversations.lockOrCreate(List.of(c.key()), now)).get(c.key()).offer());

        OfferChoice choice = offer.typed("2", now).orElseThrow();
        InboundMessage answer = new InboundMessage(UUID.randomUUID(), c.id(), "typed-" + UUID.randomUUID(),
                InboundContent.text("2"), now, now.plusSeconds(1), null, choice);
        inTx(() -> {
            messages.saveInbound(answer);
            return null;
        });
        assertEquals(answer, queries.message(answer.id()).orElseThrow());
    }

    @Test
    void deadLettersKeepTheRawBytesAndAreReadWithoutThem() {
        byte[] body = {(byte) 0xC3, (byte) 0x28, '{', 0, (byte) 0xFF};
        long id = deadLetters.keep(new DeadLetter(null, now, "body is not valid JSON",
                Map.of("content-type", "application/json"), body, 4096));
        DeadLetter.Summary stored = deadLetters.find(id).orElseThrow();
        assertEquals("body is not valid JSON", stored.reason());
        assertEquals(Map.of("content-type", "application/json"), stored.headers());
        assertEquals(4096, stored.size(), "the size that arrived");
        assertEquals(5, stored.keptSize());
        assertTrue(stored.cut());
        assertEquals(id, deadLetters.list(0, 1).get(0).id());
        // the body, in pieces
        assertArrayEquals(new byte[] {(byte) 0xC3, (byte) 0x28}, deadLetters.body(id, 0, 2));
        assertArrayEquals(new byte[] {'{', 0, (byte) 0xFF}, deadLetters.body(id, 2, 100));
        assertArrayEquals(new byte[0], deadLetters.body(id, 5, 100));
        assertArrayEquals(new byte[0], deadLetters.body(-1, 0, 100));
    }

    @Test
    void theOldestDeadLettersGoFirstWhenTheTotalIsTooLarge() {
        long before = deadLetters.keptBytes();
        List<Long> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(deadLetters.keep(new DeadLetter(null, now.plusSeconds(3600 + i), "refused " + i, Map.of(),
                    new byte[100])));
        }
        assertEquals(before + 400, deadLetters.keptBytes());
        // keep the two newest: everything older than them goes, including what other tests kept
        assertTrue(deadLetters.dropOldestBeyond(250) >= 2);
        assertEquals(200, deadLetters.keptBytes());
        assertEquals(ids.subList(2, 4), deadLetters.list(0, 10).stream().map(DeadLetter.Summary::id).sorted()
                .toList());
    }

    /** Whether the database under test can only be used by this process (H2 here; PostgreSQL is shared). */
    protected boolean soleUserExpected() {
        return true;
    }

    @Test
    void theDatabaseSaysWhetherAnotherProcessCouldHoldClaims() {
        assertEquals(soleUserExpected(), outbox.soleUser(), "asked outside a transaction, as at start");
    }

    @Test
    void settingsArePutOnce() {
        String name = "test." + UUID.randomUUID();
        assertTrue(inTx(() -> settings.putIfAbsent(name, "1")));
        assertFalse(inTx(() -> settings.putIfAbsent(name, "2")));
        assertEquals("1", inTx(() -> settings.get(name)).orElseThrow());
    }

    private static io.parley.domain.model.Flow everyKindOfStep(String name) {
        RuleReply menu = RuleReply.interactive(ReplyType.BUTTONS, "Pick one", null, InteractiveParts.buttons(
                List.of(new InteractiveOption("a", "Option A"), new InteractiveOption("b", "Option B"))));
        return new io.parley.domain.model.Flow(null, name, 0, "menu", List.of(
                new io.parley.domain.model.FlowStep.Ask("menu", menu, io.parley.domain.model.Expectation.choice(
                        Map.of("a", "num", "b", "call")), "picked", 1, RuleReply.text("Tap one"), "bye",
                        Duration.ofMinutes(10), "bye", null),
                new io.parley.domain.model.FlowStep.Ask("num", RuleReply.text("How many?"),
                        io.parley.domain.model.Expectation.regex("(\\d+)"), "n", 2, null, null, null, null, "check"),
                new io.parley.domain.model.FlowStep.Branch("check", List.of(new io.parley.domain.model.FlowStep
                        .BranchCase("n", io.parley.domain.model.FlowStep.BranchCase.Test.EQUALS, "1", "bye")), "call"),
                new io.parley.domain.model.FlowStep.Http("call", "POST", "https://shop.example/x/{{flow.n}}",
                        Map.of("Authorization", "Bearer {{secret.TOKEN}}"), "{\"n\": \"{{flow.n}}\"}",
                        Map.of("state", "/status"), Duration.ofSeconds(3), "tell", "human"),
                new io.parley.domain.model.FlowStep.Message("tell", RuleReply.text("State {{flow.state}}"), "bye"),
                new io.parley.domain.model.FlowStep.Handoff("human", null),
                new io.parley.domain.model.FlowStep.End("bye", RuleReply.text("Bye"))));
    }

    @Test
    void flowsKeepEveryVersionAndComeBackAsTheyWereSaved() {
        io.parley.domain.model.Flow saved = inTx(() -> flows.insert(everyKindOfStep("Every step"), "CREATED",
                "ann", now));
        assertEquals(1, saved.version());
        assertEquals(saved, flows.findById(saved.id()).orElseThrow(), "every field of every step round-trips");
        long count = flows.changeCount();
        io.parley.domain.model.Flow second = inTx(() -> flows.update(everyKindOfStep("Renamed").withId(saved.id(),
                0), "UPDATED", "bob", now.plusSeconds(1))).orElseThrow();
        assertEquals(2, second.version());
        assertTrue(flows.changeCount() > count);
        assertEquals("Every step", flows.findVersion(saved.id(), 1).orElseThrow().name());
        assertTrue(inTx(() -> flows.delete(saved.id(), "cy", now.plusSeconds(2))));
        assertTrue(flows.findById(saved.id()).isEmpty());
        assertEquals("Renamed", flows.findVersion(saved.id(), 2).orElseThrow().name(),
                "a running conversation still finds its version");
        assertEquals(List.of("CREATED:ann", "UPDATED:bob", "DELETED:cy"), inTx(() -> flows.history(saved.id()))
                .stream().map(v -> v.change() + ":" + v.changedBy()).toList());
        assertTrue(inTx(() -> flows.update(everyKindOfStep("x").withId(saved.id(), 0), "UPDATED", "d", now))
                .isEmpty());
    }

    @Test
    void aConversationKeepsItsFlowSessionAndAFlowRuleItsFlow() {
        Conversation c = newConversation();
        io.parley.domain.model.FlowSession session = new io.parley.domain.model.FlowSession(UUID.randomUUID(), 4, 2,
                "ask", io.parley.domain.model.FlowSession.Status.CALLING, Map.of("order", "12345", "name", "Zo\u00eb"),
                1, now, now.plusSeconds(1), now.plusSeconds(60), now.plusSeconds(60),
                List.of(new io.parley.domain.model.FlowSession.PendingAnswer(UUID.randomUUID(), "hi", "opt")));
        inTx(() -> {
            conversations.saveAll(List.of(c.inFlow(session)));
            return null;
        });
        assertEquals(session, conversations.get(c.id()).orElseThrow().flow());
        assertEquals(session, inTx(() -> conversations.lockOrCreate(List.of(c.key()), now)).get(c.key()).flow());
        ReplyRule rule = inTx(() -> rules.insert(new ReplyRule(null, "Starts a flow", 5, true,
                new RuleMatch(MatchType.KEYWORD, "flow"), RuleReply.flow(4), null, null, true)));
        ReplyRule read = rules.findById(rule.id()).orElseThrow();
        assertEquals(4L, read.reply().flowId());
        assertTrue(read.interruptsFlow());
        inTx(() -> ruleHistory.append(rule.id(), "CREATED", rule, "ann", now));
        ReplyRule version = inTx(() -> ruleHistory.version(rule.id(), 1)).orElseThrow().rule();
        assertEquals(rule.reply(), version.reply());
        assertTrue(version.interruptsFlow());
    }

    @Test
    void scheduledWorkIsClaimedByOneAndComesBackWhenTheClaimEnds() {
        UUID conversation = UUID.randomUUID();
        io.parley.domain.model.HttpCall call = new io.parley.domain.model.HttpCall("lookup", "POST",
                "https://shop.example/o", Map.of("X-A", "1"), "{\"a\": 1}", Duration.ofSeconds(4));
        Instant far = now.plus(Duration.ofDays(3650)); // clear of what other tests left due
        io.parley.domain.model.ScheduledWork work = new io.parley.domain.model.ScheduledWork(UUID.randomUUID(),
                io.parley.domain.model.ScheduledWork.Kind.FLOW_CALL, conversation, UUID.randomUUID(), far, 0, call,
                far, null);
        inTx(() -> {
            scheduled.scheduleAll(List.of(work));
            return null;
        });
        List<io.parley.domain.model.ScheduledWork> claimed = scheduled.claimDue(far.plusSeconds(1), 1000,
                Duration.ofSeconds(30));
        io.parley.domain.model.ScheduledWork mine = claimed.stream().filter(w -> w.id().equals(work.id()))
                .findFirst().orElseThrow();
        assertEquals(work, mine);
        assertTrue(scheduled.claimDue(far.plusSeconds(2), 1000, Duration.ofSeconds(30)).stream()
                .noneMatch(w -> w.id().equals(work.id())), "claimed: nobody else takes it");
        assertTrue(scheduled.claimDue(far.plusSeconds(31), 1000, Duration.ofSeconds(30)).stream()
                .anyMatch(w -> w.id().equals(work.id())), "the claim ended: it is due again");
        inTx(() -> {
            scheduled.reschedule(work.retryAt(far.plusSeconds(100), "503"));
            return null;
        });
        io.parley.domain.model.ScheduledWork again = scheduled.claimDue(far.plusSeconds(100), 1000,
                Duration.ofSeconds(30)).stream().filter(w -> w.id().equals(work.id())).findFirst().orElseThrow();
        assertEquals(1, again.attempts());
        assertEquals("503", again.lastProblem());
        assertTrue(inTx(() -> scheduled.finish(work.id())));
        assertFalse(inTx(() -> scheduled.finish(work.id())), "finished once");
    }

    private static List<UUID> ids(List<OutboundMessage> messages) {
        return messages.stream().map(OutboundMessage::id).toList();
    }

    /**
     * The erasure and the export find a customer's tables by their columns; a table with none of those columns
     * must be named as holding no customer data, so that a new one cannot hold some unnoticed.
     */
    @Test
    void everyTableLinksToACustomerOrIsNamedAsHoldingNoCustomerData() {
        var links = tx.inTransaction(customerData::links);
        assertEquals(new java.util.HashSet<>(CustomerDataPersistenceAdapter.NO_CUSTOMER_DATA),
                new java.util.HashSet<>(links.ignoredTables()), "a table without customer_id, conversation_id or "
                        + "message_id must be in CustomerDataPersistenceAdapter.NO_CUSTOMER_DATA, or get one of those");
        assertTrue(links.byCustomer().containsAll(List.of("consent_change", "message_analysis")), links.toString());
        assertTrue(links.byMessage().containsAll(List.of("message_status_history", "media_download", "outbox")),
                links.toString());
        assertTrue(links.byConversation().contains("scheduled_work"), links.toString());
    }
}
