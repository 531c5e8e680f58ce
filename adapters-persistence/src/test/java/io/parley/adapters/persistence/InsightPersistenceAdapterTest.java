package io.parley.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.parley.domain.model.AnswerHold;
import io.parley.domain.model.AnswerKind;
import io.parley.domain.model.Conversation;
import io.parley.domain.model.ConversationKey;
import io.parley.domain.model.InboundContent;
import io.parley.domain.model.InboundMessage;
import io.parley.domain.model.InsightMetric;
import io.parley.domain.model.Message;
import io.parley.domain.model.Tally;
import io.parley.domain.model.UnansweredText;
import io.parley.domain.port.out.ConversationPort;
import io.parley.domain.port.out.InsightPort;
import io.parley.domain.port.out.InsightQueries;
import io.parley.domain.port.out.MessagePort;
import io.parley.domain.port.out.RetentionPort;
import io.parley.domain.port.out.TransactionPort;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Insight's counts and unanswered texts against a real H2 database with the real Flyway schema. */
@MicronautTest(transactional = false)
class InsightPersistenceAdapterTest {

    @Inject TransactionPort tx;
    @Inject InsightPort insight;
    @Inject InsightQueries queries;
    @Inject ConversationPort conversations;
    @Inject MessagePort messages;
    @Inject RetentionPort retention;
    @Inject JdbcOperations jdbc;

    /** Each test counts on channels of its own, in hours of its own (the PostgreSQL subclass shares one instance). */
    private String channel;
    private Instant hour;

    @BeforeEach
    void ownChannelAndHour() {
        channel = "channel-" + UUID.randomUUID();
        hour = Instant.parse("2026-11-02T10:00:00Z").plus(Duration.ofHours(Math.floorMod(channel.hashCode(),
                100_000)));
    }

    private void add(Tally tally) {
        tx.inTransaction(() -> {
            insight.add(tally.counts(), tally.unanswered());
            return null;
        });
    }

    private Map<String, Long> totals(InsightMetric metric, String channelId) {
        Map<String, Long> out = new java.util.TreeMap<>();
        queries.totals(hour.minus(Duration.ofDays(1)), hour.plus(Duration.ofDays(1)), channelId, EnumSet.of(metric))
                .forEach(t -> out.put(t.dimension(), t.n()));
        return out;
    }

    @Test
    void countsOfOneHourAddUpAcrossTransactionsAndStaySeparateByHourAndChannel() {
        for (int i = 0; i < 3; i++) {
            Tally tally = new Tally();
            tally.received(channel, hour.plusSeconds(i));
            tally.delivery(channel, io.parley.domain.model.DeliveryStatus.QUEUED,
                    io.parley.domain.model.DeliveryStatus.DELIVERED, null, hour.plusSeconds(i));
            add(tally);
        }
        Tally later = new Tally();
        later.received(channel, hour.plus(Duration.ofMinutes(90)));
        later.received(channel + "-b", hour);
        add(later);

        assertEquals(Map.of("", 5L), totals(InsightMetric.RECEIVED, null));
        assertEquals(Map.of("", 4L), totals(InsightMetric.RECEIVED, channel));
        assertEquals(Map.of("ACCEPTED", 3L, "DELIVERED", 3L, "SENT", 3L), totals(InsightMetric.DELIVERY, channel));
        List<InsightQueries.HourTotal> hourly = queries.hourly(hour, hour.plus(Duration.ofHours(2)), channel,
                EnumSet.of(InsightMetric.RECEIVED));
        assertEquals(List.of(new InsightQueries.HourTotal(hour, InsightMetric.RECEIVED, "", 3),
                new InsightQueries.HourTotal(hour.plus(Duration.ofHours(1)), InsightMetric.RECEIVED, "", 1)),
                hourly.stream().sorted(java.util.Comparator.comparing(InsightQueries.HourTotal::hour)).toList());
        assertEquals(List.of(), queries.hourly(hour, hour.plus(Duration.ofHours(2)), channel, Set.of()));
        assertEquals(Map.of(), totals(InsightMetric.RECEIVED, "no-such-channel"));
    }

    @Test
    void aRangeCoversTheHoursFromItsStartUpToButNotItsEnd() {
        Tally tally = new Tally();
        tally.received(channel, hour);
        tally.received(channel, hour.plus(Duration.ofHours(1)));
        add(tally);
        assertEquals(1, queries.totals(hour, hour.plus(Duration.ofHours(1)), channel,
                EnumSet.of(InsightMetric.RECEIVED)).get(0).n());
    }

    @Test
    void countsOfARolledBackTransactionAreGone() {
        Tally tally = new Tally();
        tally.received(channel, hour);
        assertThrows(IllegalStateException.class, () -> tx.inTransaction(() -> {
            insight.add(tally.counts(), tally.unanswered());
            throw new IllegalStateException("the transaction fails after counting");
        }));
        assertEquals(Map.of(), totals(InsightMetric.RECEIVED, channel));
    }

    @Test
    void concurrentTransactionsAddingToTheSameRowsLoseNothing() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        Tally tally = new Tally();
                        tally.received(channel, hour);
                        tally.answered(inbound("hi"), channel, AnswerKind.RULE, 7L, hour);
                        tx.inTransactionRetryingConflicts(5, () -> {
                            insight.add(tally.counts(), tally.unanswered());
                            return null;
                        });
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(Map.of("", 200L), totals(InsightMetric.RECEIVED, channel));
        assertEquals(Map.of("7", 200L), totals(InsightMetric.RULE_ANSWERS, channel));
    }

    private long rowsOf(String table) {
        return tx.inTransaction(() -> jdbc.prepareStatement("SELECT COUNT(*) FROM " + table
                + " WHERE channel_id = ?", st -> {
                    st.setString(1, channel);
                    try (java.sql.ResultSet r = st.executeQuery()) {
                        r.next();
                        return r.getLong(1);
                    }
                }));
    }

    private int foldAll() {
        int total = 0;
        int folded;
        do {
            folded = tx.inTransaction(() -> insight.fold(50));
            total += folded;
        } while (folded > 0);
        return total;
    }

    @Test
    void countsAreAppendedThenFoldedIntoHourlyTotalsAndReadTheSameBeforeAndAfter() {
        for (int i = 0; i < 3; i++) {
            Tally tally = new Tally();
            tally.received(channel, hour.plusSeconds(i));
            tally.answered(inbound("hi"), channel, AnswerKind.RULE, 7L, hour.plusSeconds(i));
            add(tally);
        }
        assertEquals(9, rowsOf("insight_delta"), "each transaction appends its three counts: nothing waits");
        assertEquals(Map.of("", 3L), totals(InsightMetric.RECEIVED, channel), "read before folding");
        assertTrue(foldAll() >= 9);
        assertEquals(0, rowsOf("insight_delta"));
        assertEquals(3, rowsOf("insight_count"), "one row per hour, channel, metric and dimension");
        assertEquals(Map.of("", 3L), totals(InsightMetric.RECEIVED, channel), "read after folding");
        Tally more = new Tally();
        more.received(channel, hour);
        add(more);
        assertEquals(Map.of("", 4L), totals(InsightMetric.RECEIVED, channel), "a total and a count not folded yet");
        foldAll();
        assertEquals(Map.of("", 4L), totals(InsightMetric.RECEIVED, channel));
        assertEquals(List.of(new InsightQueries.HourTotal(hour, InsightMetric.RECEIVED, "", 4)),
                queries.hourly(hour, hour.plus(Duration.ofHours(1)), channel, EnumSet.of(InsightMetric.RECEIVED)));
    }

    @Test
    void foldsRunningBesideTransactionsThatCountNeitherLoseNorRepeatACount() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        java.util.concurrent.atomic.AtomicBoolean counting = new java.util.concurrent.atomic.AtomicBoolean(true);
        try {
            List<Future<?>> adders = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                adders.add(pool.submit(() -> {
                    for (int i = 0; i < 100; i++) {
                        Tally tally = new Tally();
                        tally.received(channel, hour.plus(Duration.ofMinutes(i % 90)));
                        add(tally);
                    }
                    return null;
                }));
            }
            List<Future<?>> folders = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                folders.add(pool.submit(() -> {
                    while (counting.get()) {
                        tx.inTransactionRetryingConflicts(5, () -> insight.fold(7));
                    }
                    return null;
                }));
            }
            for (Future<?> f : adders) {
                f.get();
            }
            counting.set(false);
            for (Future<?> f : folders) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        foldAll();
        assertEquals(Map.of("", 200L), totals(InsightMetric.RECEIVED, channel));
        assertEquals(0, rowsOf("insight_delta"));
        assertEquals(2, rowsOf("insight_count"), "two hours");
    }

    @Test
    void rowsOfAMetricALaterVersionWroteAreLeftOut() {
        storeUnknownMetric("insight_count", "SOMETHING_NEW", 5);
        assertEquals(List.of(), queries.totals(hour, hour.plus(Duration.ofHours(1)), channel,
                EnumSet.allOf(InsightMetric.class)));
    }

    @Test
    void countsOfAMetricALaterVersionWroteAreLeftForItNotFoldedAway() {
        storeUnknownMetric("insight_delta", "SOMETHING_NEWER", 3);
        foldAll();
        assertEquals(1L, (long) tx.inTransaction(() -> jdbc.prepareStatement("SELECT count(*) FROM insight_delta "
                + "WHERE metric = 'SOMETHING_NEWER' AND channel_id = ?", s -> {
                    s.setString(1, channel);
                    try (java.sql.ResultSet rows = s.executeQuery()) {
                        rows.next();
                        return rows.getLong(1);
                    }
                })), "the newer version's count is still there for it to fold");
    }

    /** A row of {@code table} for this hour and channel, of a metric a later version counts and this one does not. */
    private void storeUnknownMetric(String table, String metric, long n) {
        tx.inTransaction(() -> jdbc.prepareStatement("INSERT INTO " + table + " (hour_start, channel_id, metric, "
                + "dimension, n) VALUES (?, ?, ?, '', ?)", s -> {
                    s.setObject(1, java.time.OffsetDateTime.ofInstant(hour, java.time.ZoneOffset.UTC));
                    s.setString(2, channel);
                    s.setString(3, metric);
                    s.setLong(4, n);
                    return s.executeUpdate();
                }));
    }

    private Conversation conversation(String customer) {
        ConversationKey key = new ConversationKey(channel, customer);
        return tx.inTransaction(() -> conversations.lockOrCreate(List.of(key), hour).get(key));
    }

    private InboundMessage inbound(String text) {
        return new InboundMessage(UUID.randomUUID(), UUID.randomUUID(), "e-" + UUID.randomUUID(),
                InboundContent.text(text), hour, hour, null);
    }

    /** A stored message with {@code text}, written at {@code at}, that only {@code answer} answered. */
    private InboundMessage unanswered(Conversation c, String text, Instant at, AnswerKind answer) {
        InboundMessage m = new InboundMessage(UUID.randomUUID(), c.id(), "e-" + UUID.randomUUID(),
                InboundContent.text(text), at, at, null).answered(answer);
        Tally tally = new Tally();
        tally.answered(m, channel, answer, null, at);
        tx.inTransaction(() -> {
            messages.saveAll(List.<Message>of(m));
            insight.add(tally.counts(), tally.unanswered());
            return null;
        });
        return m;
    }

    @Test
    void unansweredTextsAreGroupedByTheirWordsMostFirstWithTheLatestWording() {
        Conversation ann = conversation("ann");
        Conversation bob = conversation("bob");
        unanswered(ann, "Do you ship to Canada?", hour.plusSeconds(1), AnswerKind.FALLBACK);
        unanswered(bob, "do you ship to canada", hour.plusSeconds(2), AnswerKind.NONE);
        unanswered(bob, "DO YOU SHIP TO CANADA!!", hour.plusSeconds(3), AnswerKind.FALLBACK);
        unanswered(ann, "gift wrap?", hour.plusSeconds(4), AnswerKind.FALLBACK);
        unanswered(ann, "refund", hour.plusSeconds(5), AnswerKind.NONE);
        unanswered(ann, "much later", hour.plus(Duration.ofDays(3)), AnswerKind.NONE);

        List<InsightQueries.UnansweredGroup> groups = queries.unanswered(hour, hour.plus(Duration.ofHours(1)),
                channel, 10);
        assertEquals(List.of(
                new InsightQueries.UnansweredGroup("do you ship to canada", "DO YOU SHIP TO CANADA!!", 3, 2,
                        hour.plusSeconds(3)),
                new InsightQueries.UnansweredGroup("refund", "refund", 1, 0, hour.plusSeconds(5)),
                new InsightQueries.UnansweredGroup("gift wrap", "gift wrap?", 1, 1, hour.plusSeconds(4))), groups,
                "most first; ties: the most recent first");
        assertEquals(2, queries.unanswered(hour, hour.plus(Duration.ofHours(1)), channel, 2).size());
        assertEquals(List.of(), queries.unanswered(hour, hour.plus(Duration.ofHours(1)), "other-channel", 10));
    }

    @Test
    void anUnansweredTextGoesWithItsMessage() {
        InboundMessage m = unanswered(conversation("ann"), "where is the shop", hour, AnswerKind.NONE);
        assertEquals(1, queries.unanswered(hour, hour.plus(Duration.ofHours(1)), channel, 10).size());
        tx.inTransaction(() -> retention.deleteMessages(List.of(m.id())));
        assertEquals(List.of(), queries.unanswered(hour, hour.plus(Duration.ofHours(1)), channel, 10));
    }

    @Test
    void aMessagesAnswerAndHoldAreStoredAndMarkedLaterWithoutLosingTheOther() {
        Conversation c = conversation("ann");
        InboundMessage answered = new InboundMessage(UUID.randomUUID(), c.id(), "e-" + UUID.randomUUID(),
                InboundContent.text("hours"), hour, hour, null).answered(AnswerKind.RULE);
        InboundMessage held = new InboundMessage(UUID.randomUUID(), c.id(), "e-" + UUID.randomUUID(),
                InboundContent.text("where is my parcel"), hour, hour, null);
        tx.inTransaction(() -> {
            messages.saveAll(List.<Message>of(answered, held));
            messages.markAnswers(Map.of(held.id(), AnswerHold.WAITING), Map.of());
            return null;
        });
        Map<UUID, InboundMessage> read = tx.inTransaction(() -> messages.inbound(List.of(answered.id(), held.id())));
        assertEquals(AnswerKind.RULE, read.get(answered.id()).answer());
        assertNull(read.get(held.id()).answer());
        assertEquals(AnswerHold.WAITING, read.get(held.id()).hold());

        tx.inTransaction(() -> {
            messages.markAnswers(Map.of(held.id(), AnswerHold.ANALYSED), Map.of(held.id(), AnswerKind.FALLBACK));
            messages.markAnswers(Map.of(), Map.of(answered.id(), AnswerKind.FLOW));
            return null;
        });
        read = tx.inTransaction(() -> messages.inbound(List.of(answered.id(), held.id())));
        assertEquals(AnswerKind.FALLBACK, read.get(held.id()).answer());
        assertEquals(AnswerHold.ANALYSED, read.get(held.id()).hold());
        assertEquals(AnswerKind.FLOW, read.get(answered.id()).answer());
        assertNull(read.get(answered.id()).hold(), "an answer alone leaves the hold as it was");
    }

    @Test
    void aConversationRemembersSinceWhenItsCustomerWaits() {
        Conversation c = conversation("ann");
        Instant since = hour.plusSeconds(7);
        tx.inTransaction(() -> {
            conversations.saveAll(List.of(c.waitingForReply(since)));
            return null;
        });
        assertEquals(since, conversations.get(c.id()).orElseThrow().awaitingReplySince());
    }
}
