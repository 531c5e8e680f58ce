package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.parley.domain.model.Conversation;
import io.parley.domain.model.ConversationKey;
import io.parley.domain.model.DeadLetter;
import io.parley.domain.model.DeliveryStatus;
import io.parley.domain.model.InboundContent;
import io.parley.domain.model.InboundMessage;
import io.parley.domain.model.MediaDownload;
import io.parley.domain.model.MessageAnalysis;
import io.parley.domain.model.OutboundContent;
import io.parley.domain.model.OutboundMessage;
import io.parley.domain.model.StatusChange;
import io.parley.domain.port.in.PurgeOldDataUseCase;
import io.parley.domain.port.out.AnalysisPort;
import io.parley.domain.port.out.ConversationPort;
import io.parley.domain.port.out.ConversationQueries;
import io.parley.domain.port.out.DeadLetterPort;
import io.parley.domain.port.out.EventLogPort;
import io.parley.domain.port.out.MediaDownloadPort;
import io.parley.domain.port.out.MediaStorePort;
import io.parley.domain.port.out.MessagePort;
import io.parley.domain.port.out.StatusHistoryPort;
import io.parley.domain.port.out.TransactionPort;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The retention purge on the real database: old data and everything hanging off it goes, recent data stays. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetentionTest implements TestPropertyProvider {

    @Inject TransactionPort tx;
    @Inject ConversationPort conversations;
    @Inject ConversationQueries queries;
    @Inject MessagePort messages;
    @Inject StatusHistoryPort history;
    @Inject AnalysisPort analyses;
    @Inject MediaDownloadPort media;
    @Inject MediaStorePort files;
    @Inject DeadLetterPort deadLetters;
    @Inject EventLogPort events;
    @Inject PurgeOldDataUseCase purge;
    @Inject io.parley.domain.port.out.AuditPort audit;
    @Inject io.parley.domain.port.out.InsightPort insight;
    @Inject io.parley.domain.port.out.InsightQueries insightQueries;
    @Inject javax.sql.DataSource dataSource;

    @Override
    public Map<String, String> getProperties() {
        return TestSettings.freshDataDir("parley.dispatcher.enabled", "false", "parley.demo.seed-rules", "false",
                "parley.retention.initial-delay", "1h");
    }

    private InboundMessage inbound(Conversation c, Instant at) throws Exception {
        InboundContent.Media image = new InboundContent.Media("m-" + UUID.randomUUID(), "image/png", null, null, null);
        InboundMessage m = new InboundMessage(UUID.randomUUID(), c.id(), "ev-" + UUID.randomUUID(),
                new InboundContent(null, "hello", image, null, null, null, null, null, null), at, at, null);
        tx.inTransaction(() -> {
            messages.saveInbound(m);
            media.enqueue(MediaDownload.pending(m.id(), image, at));
            analyses.save(new MessageAnalysis("a-" + m.id(), "hello", "English", 0.9, null, null, List.of(), at),
                    c.channelId(), c.customerId(), c.id(), m.id());
            return null;
        });
        files.store(m.id(), new byte[] {1, 2, 3});
        return m;
    }

    @Test
    void oldDataGoesRecentDataStays() throws Exception {
        Instant now = Instant.now();
        Instant old = now.minus(Duration.ofDays(400));
        ConversationKey key = new ConversationKey("retention", "cust-1");
        Conversation c = tx.inTransaction(() -> conversations.lockOrCreate(List.of(key), old).get(key));
        InboundMessage oldIn = inbound(c, old);
        InboundMessage newIn = inbound(c, now);
        OutboundMessage oldOut = OutboundMessage.queue(UUID.randomUUID(), c, oldIn.id(), null,
                new OutboundContent.Text("old reply"), old.plusSeconds(1));
        tx.inTransaction(() -> {
            messages.saveOutbound(oldOut);
            history.append(new StatusChange(oldOut.id(), DeliveryStatus.QUEUED, old, null, null,
                    StatusChange.Source.OUTBOX, true));
            events.recordIfNew("old-event", "MessageReceived", now.minus(Duration.ofDays(8)));
            events.recordIfNew("new-event", "MessageReceived", now);
            return null;
        });
        deadLetters.keep(new DeadLetter(null, now.minus(Duration.ofDays(31)), "old", Map.of(), new byte[] {1}));
        long recentLetter = deadLetters.keep(new DeadLetter(null, now, "recent", Map.of(), new byte[] {2}));
        tx.inTransaction(() -> {
            audit.append(new io.parley.domain.model.AuditEntry(null, now.minus(Duration.ofDays(366)), "admin",
                    "RULE_CREATED", "rule 1", "a year and a day ago"));
            audit.append(new io.parley.domain.model.AuditEntry(null, now.minus(Duration.ofDays(364)), "admin",
                    "RULE_CHANGED", "rule 1", "within the year"));
            return null;
        });

        io.parley.domain.model.Tally counts = new io.parley.domain.model.Tally();
        counts.received("retention", now.minus(Duration.ofDays(801)));
        counts.received("retention", now.minus(Duration.ofDays(799)));
        io.parley.domain.model.Tally unanswered = new io.parley.domain.model.Tally();
        unanswered.answered(oldIn, "retention", io.parley.domain.model.AnswerKind.NONE, null, old);
        tx.inTransaction(() -> {
            insight.add(counts.counts(), unanswered.unanswered());
            return null;
        });
        tx.inTransaction(() -> insight.fold(100)); // what the fold job does every few seconds

        PurgeOldDataUseCase.Purged purged = purge.purge();

        assertEquals(2, purged.messages());
        assertEquals(1, purged.deadLetters());
        assertTrue(purged.events() >= 1);
        assertEquals(1, purged.audit(), "PARLEY_RETENTION_AUDIT: 365 days");
        assertEquals(1, purged.insightCounts(), "PARLEY_RETENTION_INSIGHT: 800 days");
        assertEquals(1, insightQueries.totals(now.minus(Duration.ofDays(900)), now, "retention",
                java.util.EnumSet.of(io.parley.domain.model.InsightMetric.RECEIVED)).get(0).n());
        assertTrue(insightQueries.unanswered(old.minus(Duration.ofDays(1)), now, "retention", 10).isEmpty(),
                "the old message's unanswered text went with it");
        assertEquals(List.of("within the year"), tx.inTransaction(() -> audit.find(null, null, null, null, null, 10))
                .stream().filter(e -> e.target().equals("rule 1")).map(e -> e.detail()).toList());
        assertEquals(List.of(newIn.id()), queries.messages(c.id()).stream().map(m -> m.id()).toList());
        assertTrue(history.history(oldOut.id()).isEmpty());
        assertTrue(media.findDownload(oldIn.id()).isEmpty());
        assertTrue(files.open(oldIn.id()).isEmpty(), "the media file went with its message");
        assertTrue(files.open(newIn.id()).isPresent());
        assertEquals(List.of(recentLetter), deadLetters.list(0, 10).stream().map(DeadLetter.Summary::id).toList());
        assertTrue(tx.inTransaction(() -> events.recordIfNew("old-event", "MessageReceived", now)),
                "a forgotten event id is new again");
        assertFalse(tx.inTransaction(() -> events.recordIfNew("new-event", "MessageReceived", now)));
    }

    /**
     * A backlog of several batches goes entirely, also where one step purges several tables (event ids, kept status
     * reports, analyses that never found their message): a step that deleted more than a batch in all used to end
     * the purge early.
     */
    @Test
    void aBacklogLargerThanABatchIsPurgedEntirely() throws Exception {
        Instant now = Instant.now();
        Instant old = now.minus(Duration.ofDays(9));
        tx.inTransaction(() -> {
            for (int i = 0; i < 1_100; i++) {
                events.recordIfNew("backlog-" + i, i % 2 == 0 ? "MessageReceived" : "DeliveryStatusUpdated", old);
            }
            events.recordIfNew("backlog-recent", "MessageReceived", now);
            return null;
        });
        TestDatabase.inTransaction(tx, dataSource, c -> {
            try (java.sql.PreparedStatement insert = c.prepareStatement("INSERT INTO status_report (event_id, "
                    + "acs_message_id, status, reported_at, kept_at) VALUES (?, ?, 'DELIVERED', ?, ?)")) {
                for (int i = 0; i < 120; i++) {
                    insert.setString(1, "report-" + i);
                    insert.setString(2, "acs-" + i);
                    insert.setTimestamp(3, java.sql.Timestamp.from(old));
                    insert.setTimestamp(4, java.sql.Timestamp.from(old));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            try (java.sql.PreparedStatement insert = c.prepareStatement("INSERT INTO message_analysis (event_id, "
                    + "channel_id, customer_id, original_message, recorded_at) VALUES (?, 'retention', ?, ?, ?)")) {
                for (String age : List.of("old", "recent")) {
                    insert.setString(1, "analysis-" + age);
                    insert.setString(2, "cust-" + age);
                    insert.setString(3, "a text whose message never came");
                    insert.setTimestamp(4, java.sql.Timestamp.from(age.equals("old") ? old : now));
                    insert.addBatch();
                }
                return insert.executeBatch();
            }
        });

        PurgeOldDataUseCase.Purged purged = purge.purge();

        assertTrue(purged.events() >= 1_221, "purged " + purged.events());
        assertEquals(0, count("SELECT count(*) FROM processed_event WHERE event_id LIKE 'backlog-%' AND event_id "
                + "<> 'backlog-recent'"));
        assertEquals(0, count("SELECT count(*) FROM status_report WHERE event_id LIKE 'report-%'"));
        assertEquals(1, count("SELECT count(*) FROM message_analysis WHERE event_id LIKE 'analysis-%'"),
                "an analysis that never found its message is kept as long as event ids");
        assertEquals(1, count("SELECT count(*) FROM message_analysis WHERE event_id = 'analysis-recent'"));
        assertFalse(tx.inTransaction(() -> events.recordIfNew("backlog-recent", "MessageReceived", now)),
                "a recent event id is still known");
        assertTrue(tx.inTransaction(() -> events.recordIfNew("backlog-7", "DeliveryStatusUpdated", now)),
                "a purged one is new again");
    }

    private long count(String sql) {
        return TestDatabase.inTransaction(tx, dataSource, c -> {
            try (java.sql.ResultSet rows = c.createStatement().executeQuery(sql)) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }
}
