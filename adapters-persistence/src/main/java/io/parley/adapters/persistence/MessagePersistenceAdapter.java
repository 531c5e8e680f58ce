package io.parley.adapters.persistence;

import java.time.Clock;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionOperations;
import io.parley.domain.model.DeliveryAttempts;
import io.parley.domain.model.DeliveryStatus;
import io.parley.domain.model.InboundMessage;
import io.parley.domain.model.Message;
import io.parley.domain.model.OutboundMessage;
import io.parley.domain.model.StatusReport;
import io.parley.domain.port.out.MessagePort;
import io.parley.domain.port.out.OutboxPort;
import io.parley.domain.port.out.StatusReportPort;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Messages, the outbox built on them, and the status reports kept for messages not known yet. */
@Singleton
class MessagePersistenceAdapter implements MessagePort, OutboxPort, StatusReportPort {

    private final MessageRepository messages;
    private final StatusReportRepository reports;
    private final MessageMapper mapper;
    private final TransactionOperations<Connection> transactions;
    private final JdbcOperations jdbc;

    private final Clock clock;
    private final AnalysisPersistenceAdapter analyses;

    MessagePersistenceAdapter(MessageRepository messages, StatusReportRepository reports, MessageMapper mapper,
                              TransactionOperations<Connection> transactions, JdbcOperations jdbc, Clock clock,
                              AnalysisPersistenceAdapter analyses) {
        this.analyses = analyses;
        this.clock = clock;
        this.messages = messages;
        this.reports = reports;
        this.mapper = mapper;
        this.transactions = transactions;
        this.jdbc = jdbc;
    }

    @Override
    public void saveAll(List<? extends Message> all) {
        if (all.isEmpty()) {
            return;
        }
        List<OutboundMessage> queued = new ArrayList<>();
        List<MessageEntity> rows = new ArrayList<>(all.size());
        for (Message message : all) {
            if (message instanceof OutboundMessage outbound && outbound.status() == DeliveryStatus.QUEUED) {
                queued.add(outbound);
            }
            rows.add(message instanceof InboundMessage inbound ? mapper.toEntity(inbound)
                    : mapper.toEntity((OutboundMessage) message));
        }
        jdbc.prepareStatement(MessageRows.INSERT, statement -> {
            MessageRows.ALL.bind(statement, 1, rows);
            return statement.executeUpdate();
        });
        if (!queued.isEmpty()) {
            jdbc.prepareStatement(OUTBOX_INSERT, statement -> {
                OUTBOX.bind(statement, 1, queued);
                return statement.executeUpdate();
            });
        }
    }

    /** A queued reply's row in the outbox: due at its next attempt, or at once. */
    private static final SetRows<OutboundMessage> OUTBOX = SetRows.<OutboundMessage>columns()
            .uuid("message_id", OutboundMessage::id)
            .uuid("conversation_id", OutboundMessage::conversationId)
            .instant("created_at", OutboundMessage::createdAt)
            .instant("due_at", m -> m.nextAttemptAt() == null ? m.createdAt() : m.nextAttemptAt())
            .build();
    private static final String OUTBOX_INSERT = OUTBOX.insertInto("outbox");

    @Override
    public Map<UUID, InboundMessage> inbound(Collection<UUID> ids) {
        Map<UUID, InboundMessage> found = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        Map<UUID, io.parley.domain.model.MessageAnalysis> analysed = analyses.latestOf(ids);
        jdbc.prepareStatement("SELECT * FROM message WHERE id = ANY(?) AND direction = 'INBOUND'", statement -> {
            Rows.planEachTime(statement);
            statement.setArray(1, Rows.uuids(statement, ids));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    MessageEntity e = MessageRows.read(rows);
                    found.put(e.id(), mapper.toInbound(e, analysed.get(e.id())));
                }
            }
            return null;
        });
        return found;
    }

    /** How an inbound message's answer waited and how it was answered; null leaves what is stored. */
    private record Decided(UUID id, String answerHold, String answer) {
    }

    private static final SetRows<Decided> DECIDED = SetRows.<Decided>columns()
            .uuid("id", Decided::id)
            .text("answer_hold", Decided::answerHold)
            .text("answer", Decided::answer)
            .build();
    private static final String MARK_ANSWERS = "UPDATE message AS t SET answer_hold = COALESCE(u.answer_hold, "
            + "t.answer_hold), answer = COALESCE(u.answer, t.answer) FROM " + DECIDED.rowsAs("u")
            + " WHERE t.id = u.id";

    @Override
    public void markAnswers(Map<UUID, io.parley.domain.model.AnswerHold> holds,
                            Map<UUID, io.parley.domain.model.AnswerKind> answers) {
        Map<UUID, Decided> rows = new LinkedHashMap<>();
        holds.forEach((id, hold) -> rows.put(id, new Decided(id, hold.name(), null)));
        answers.forEach((id, answer) -> rows.merge(id, new Decided(id, null, answer.name()),
                (held, answered) -> new Decided(id, held.answerHold(), answered.answer())));
        if (rows.isEmpty()) {
            return;
        }
        jdbc.prepareStatement(MARK_ANSWERS, statement -> {
            DECIDED.bind(statement, 1, rows.values());
            return statement.executeUpdate();
        });
    }

    @Override
    public Optional<Instant> lastReplyOfRule(UUID conversationId, long ruleId) {
        return messages.lastReplyOfRule(conversationId, ruleId);
    }

    @Override
    public Map<UUID, OutboundMessage> lockOutbound(Collection<UUID> ids) {
        Map<UUID, OutboundMessage> found = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        Map<UUID, MessageEntity> rows = new LinkedHashMap<>();
        // in id order, so that two transactions locking overlapping sets take the locks in the same order
        jdbc.prepareStatement("""
                SELECT * FROM message WHERE id = ANY(?) AND direction = 'OUTBOUND' ORDER BY id FOR UPDATE""",
                statement -> {
                    Rows.planEachTime(statement);
                    statement.setArray(1, Rows.uuids(statement, new LinkedHashSet<>(ids)));
                    try (ResultSet read = statement.executeQuery()) {
                        while (read.next()) {
                            MessageEntity e = MessageRows.read(read);
                            rows.put(e.id(), e);
                        }
                    }
                    return null;
                });
        List<UUID> queued = rows.values().stream().filter(e -> DeliveryStatus.QUEUED.name().equals(e.status()))
                .map(MessageEntity::id).toList();
        Map<UUID, ClaimedAttempt> claims = new LinkedHashMap<>();
        if (!queued.isEmpty()) {
            // a queued reply's latest attempt is on its outbox row (see claim), locked too: an outcome is weighed
            // against the newest claim, and a claim being made meanwhile is waited for and seen
            jdbc.prepareStatement("""
                    SELECT message_id, attempts, first_attempt_at, window_started_at FROM outbox
                    WHERE message_id = ANY(?) ORDER BY message_id FOR UPDATE""", statement -> {
                Rows.planEachTime(statement);
                statement.setArray(1, Rows.uuids(statement, queued));
                try (ResultSet read = statement.executeQuery()) {
                    while (read.next()) {
                        ClaimedAttempt claim = ClaimedAttempt.read(read, "");
                        if (claim != null) {
                            claims.put(Rows.uuid(read, "message_id"), claim);
                        }
                    }
                }
                return null;
            });
        }
        rows.forEach((id, e) -> found.put(id, toOutbound(e, claims.get(id))));
        return found;
    }

    /**
     * The attempt a dispatcher claimed, on the reply's outbox row: the claim writes it there and not on the message
     * row (one message update fewer per reply; PostgreSQL writes every index of the message table again for most
     * of them), and the outcome, or a retry, brings it to the message row and clears it here. A claimant that
     * died leaves it here for whoever takes the reply next, so that attempt counts and the repeatability window
     * survive a crash as they did on the message row.
     */
    private record ClaimedAttempt(int attempts, Instant firstAt, Instant windowStartedAt) {

        /** The outbox row's claimed attempt, its columns prefixed with {@code prefix}; null where none is. */
        static ClaimedAttempt read(ResultSet row, String prefix) throws SQLException {
            int attempts = row.getInt(prefix + "attempts");
            if (row.wasNull()) {
                return null;
            }
            return new ClaimedAttempt(attempts, Rows.instant(row, prefix + "first_attempt_at"),
                    Rows.instant(row, prefix + "window_started_at"));
        }
    }

    private static final SetRows<OutboundMessage> CLAIM = SetRows.<OutboundMessage>columns()
            .uuid("message_id", OutboundMessage::id)
            .integer("attempts", OutboundMessage::attempts)
            .instant("first_attempt_at", OutboundMessage::firstAttemptAt)
            .instant("window_started_at", OutboundMessage::windowStartedAt)
            .build();
    private static final String CLAIM_UPDATE = "UPDATE outbox AS t SET claimed_until = ?, attempts = u.attempts, "
            + "first_attempt_at = u.first_attempt_at, window_started_at = u.window_started_at FROM "
            + CLAIM.rowsAs("u") + " WHERE t.message_id = u.message_id";

    /** The outbox's columns of a claimed attempt, read with the message by the claim's queries. */
    private static final String CLAIMED_COLUMNS = "o.attempts AS claimed_attempts, "
            + "o.first_attempt_at AS claimed_first_attempt_at, o.window_started_at AS claimed_window_started_at";

    /**
     * The message of {@code e} with its claimed attempt, where that is the newer one: every attempt counts one up, so
     * the higher count wins. (While instances of an earlier version run beside this one, during a rolling upgrade,
     * they write their claims to the message row and leave the outbox's copy as it was.)
     */
    private OutboundMessage toOutbound(MessageEntity e, ClaimedAttempt claim) {
        return claim == null || claim.attempts() <= e.attempts() ? mapper.toOutbound(e)
                : mapper.toOutbound(e, new DeliveryAttempts(claim.attempts(),
                        e.nextAttemptAt(), claim.firstAt(), claim.windowStartedAt(), e.outcomeUncertain()));
    }

    @Override
    public Map<String, OutboundMessage> lockOutboundByAcsMessageIds(Collection<String> acsMessageIds) {
        Map<String, OutboundMessage> found = new LinkedHashMap<>();
        if (acsMessageIds.isEmpty()) {
            return found;
        }
        jdbc.prepareStatement("""
                SELECT * FROM message WHERE acs_message_id = ANY(?) AND direction = 'OUTBOUND'
                ORDER BY id FOR UPDATE""", statement -> {
            Rows.planEachTime(statement);
            statement.setArray(1, Rows.texts(statement, new LinkedHashSet<>(acsMessageIds)));
            readOutbound(statement, m -> found.put(m.acsMessageId(), m));
            return null;
        });
        return found;
    }

    @Override
    public Map<String, OutboundMessage> findOutboundByAcsMessageIds(Collection<String> acsMessageIds) {
        Map<String, OutboundMessage> found = new LinkedHashMap<>();
        if (acsMessageIds.isEmpty()) {
            return found;
        }
        jdbc.prepareStatement("SELECT * FROM message WHERE acs_message_id = ANY(?) AND direction = 'OUTBOUND'",
                statement -> {
                    Rows.planEachTime(statement);
                    statement.setArray(1, Rows.texts(statement, new LinkedHashSet<>(acsMessageIds)));
                    readOutbound(statement, m -> found.put(m.acsMessageId(), m));
                    return null;
                });
        return found;
    }

    /** Reads messages selected with {@link #CLAIMED_COLUMNS}, each with its claimed attempt where it has one. */
    private void readClaimable(PreparedStatement statement, java.util.function.Consumer<OutboundMessage> each)
            throws SQLException {
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                each.accept(toOutbound(MessageRows.read(rows), ClaimedAttempt.read(rows, "claimed_")));
            }
        }
    }

    private void readOutbound(PreparedStatement statement, java.util.function.Consumer<OutboundMessage> each)
            throws SQLException {
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                each.accept(mapper.toOutbound(MessageRows.read(rows)));
            }
        }
    }

    @Override
    public void updateOutboundAll(Collection<OutboundMessage> all) {
        if (all.isEmpty()) {
            return;
        }
        // one row per message, its last state: a batch may carry several changes of one message (Sent, then
        // Delivered), and a set update applies one row per key
        Map<UUID, MessageEntity> last = new LinkedHashMap<>();
        for (OutboundMessage m : all) {
            last.put(m.id(), mapper.toEntity(m));
        }
        int updated = jdbc.prepareStatement(MessageRows.UPDATE_OUTBOUND, statement -> {
            Rows.planEachTime(statement);
            MessageRows.OUTBOUND_CHANGES.bind(statement, 1, last.values());
            return statement.executeUpdate();
        });
        if (updated != last.size()) {
            throw new IllegalStateException("updated " + updated + " of " + last.size() + " outbound messages");
        }
    }

    @Override
    public List<OutboundMessage> lockDue(Instant now, int max) {
        List<OutboundMessage> due = new ArrayList<>();
        if (postgres()) {
            // the outbox holds queued replies only, so this walks a small table in queue order and stops after max;
            // rows another dispatcher holds are skipped, not waited for
            // the limit is written into the statement: with a parameter there, PostgreSQL's generic plan assumes a
            // tenth of the table and sorts the whole queue instead of walking its index (8 ms per claim with 100,000
            // queued, pg_stat_statements)
            jdbc.prepareStatement(DUE + " LIMIT " + max + " FOR UPDATE OF o SKIP LOCKED", statement -> {
                Rows.planEachTime(statement);
                Rows.setInstant(statement, 1, now);
                Rows.setInstant(statement, 2, now);
                readClaimable(statement, due::add);
                return null;
            });
            return due;
        }
        // H2 evaluates a whole FOR UPDATE query before its LIMIT (80 ms for 5,000 queued replies, against 0.8 ms
        // without the lock): pick the candidates without locking, then lock exactly those and keep the ones still
        // due and unclaimed once locked
        List<UUID> candidates = new ArrayList<>();
        jdbc.prepareStatement(DUE_CANDIDATES, statement -> {
            Rows.setInstant(statement, 1, now);
            Rows.setInstant(statement, 2, now);
            statement.setInt(3, max);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    candidates.add(Rows.uuid(rows, "message_id"));
                }
            }
            return null;
        });
        if (candidates.isEmpty()) {
            return due;
        }
        jdbc.prepareStatement("SELECT m.*, " + CLAIMED_COLUMNS + """
                 FROM outbox o JOIN message m ON m.id = o.message_id
                WHERE o.message_id = ANY(?) AND o.due_at <= ? AND (o.claimed_until IS NULL OR o.claimed_until <= ?)
                ORDER BY o.created_at, o.message_id
                FOR UPDATE""", statement -> {
            statement.setArray(1, Rows.uuids(statement, candidates));
            Rows.setInstant(statement, 2, now);
            Rows.setInstant(statement, 3, now);
            readClaimable(statement, due::add);
            return null;
        });
        return due;
    }

    /**
     * Which outbox rows are due: due now (first parameter), unclaimed or with an expired claim (second), and the
     * oldest queued of their conversation. Written once for both statements below.
     */
    private static final String DUE_CONDITION = """
            WHERE o.due_at <= ? AND (o.claimed_until IS NULL OR o.claimed_until <= ?)
              AND NOT EXISTS (
                SELECT 1 FROM outbox e
                WHERE e.conversation_id = o.conversation_id
                  AND (e.created_at < o.created_at OR (e.created_at = o.created_at AND e.message_id < o.message_id)))
            ORDER BY o.created_at, o.message_id""";

    /** The due replies themselves, in queue order (PostgreSQL: locked with the limit and SKIP LOCKED). */
    private static final String DUE = "SELECT m.*, " + CLAIMED_COLUMNS
            + " FROM outbox o JOIN message m ON m.id = o.message_id\n"
            + DUE_CONDITION;

    /** Only the ids of the first due rows, without the message table (H2's unlocked first step; limit: third). */
    private static final String DUE_CANDIDATES = "SELECT o.message_id FROM outbox o\n" + DUE_CONDITION
            + " LIMIT ?";

    private volatile Boolean postgres;

    private boolean postgres() {
        Boolean known = postgres;
        if (known == null) {
            known = jdbc.prepareStatement("SELECT 1", statement ->
                    statement.getConnection().getMetaData().getDatabaseProductName().startsWith("PostgreSQL"));
            postgres = known;
        }
        return known;
    }

    @Override
    public void claim(Collection<OutboundMessage> attempts, Instant until) {
        if (attempts.isEmpty()) {
            return;
        }
        // the attempts go on the outbox rows only (ClaimedAttempt); the message rows get them with the outcome
        int claimed = jdbc.prepareStatement(CLAIM_UPDATE, statement -> {
            Rows.planEachTime(statement);
            Rows.setInstant(statement, 1, until);
            CLAIM.bind(statement, 2, attempts);
            return statement.executeUpdate();
        });
        if (claimed != attempts.size()) {
            throw new IllegalStateException("claimed " + claimed + " of " + attempts.size() + " outbox rows");
        }
    }

    @Override
    public void record(Collection<OutboundMessage> outcomes) {
        updateOutboundAll(outcomes);
        List<OutboundMessage> waiting = outcomes.stream().filter(m -> m.status() == DeliveryStatus.QUEUED).toList();
        List<OutboundMessage> done = outcomes.stream().filter(m -> m.status() != DeliveryStatus.QUEUED).toList();
        if (!waiting.isEmpty()) {
            // the message row now holds the attempts (written above): the outbox's copy goes
            jdbc.prepareStatement("""
                    UPDATE outbox SET due_at = ?, claimed_until = NULL, attempts = NULL, first_attempt_at = NULL,
                        window_started_at = NULL
                    WHERE message_id = ?""",
                    statement -> {
                        for (OutboundMessage m : waiting) {
                            Rows.setInstant(statement, 1, m.nextAttemptAt());
                            Rows.setUuid(statement, 2, m.id());
                            statement.addBatch();
                        }
                        return statement.executeBatch();
                    });
        }
        if (!done.isEmpty()) {
            jdbc.prepareStatement("DELETE FROM outbox WHERE message_id = ANY(?)", statement -> {
                Rows.planEachTime(statement);
                statement.setArray(1, Rows.uuids(statement, done.stream().map(OutboundMessage::id).toList()));
                return statement.executeUpdate();
            });
        }
    }

    @Override
    public int releaseAllClaims() {
        return transactions.executeWrite(status -> jdbc.prepareStatement(
                "UPDATE outbox SET claimed_until = NULL WHERE claimed_until IS NOT NULL",
                java.sql.PreparedStatement::executeUpdate));
    }

    @Override
    public boolean soleUser() {
        // an embedded H2 file is locked by the process that opened it (unless it runs H2's automatic server mode),
        // and an in-memory one lives in it; PostgreSQL is there to be shared
        String url = transactions.executeRead(status -> jdbc.prepareStatement("SELECT 1",
                statement -> statement.getConnection().getMetaData().getURL()));
        return url != null && (url.startsWith("jdbc:h2:file:") || url.startsWith("jdbc:h2:mem:"))
                && !url.toUpperCase(java.util.Locale.ROOT).contains("AUTO_SERVER=TRUE");
    }

    @Override
    public void keepAll(List<StatusReport> kept) {
        if (kept.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        jdbc.prepareStatement("""
                INSERT INTO status_report (event_id, acs_message_id, status, error_code, error_message, reported_at,
                    kept_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""", statement -> {
            for (StatusReport report : kept) {
                statement.setString(1, report.eventId());
                statement.setString(2, report.acsMessageId());
                statement.setString(3, report.status().name());
                statement.setString(4, Rows.truncate(report.errorCode(), 255));
                statement.setString(5, Rows.truncate(report.errorMessage(), 4000));
                Rows.setInstant(statement, 6, report.reportedAt());
                Rows.setInstant(statement, 7, now);
                statement.addBatch();
            }
            return statement.executeBatch();
        });
    }

    @Override
    public List<StatusReport> kept(int offset, int limit) {
        return reports.newestFirst(offset, limit).stream().map(MessagePersistenceAdapter::toDomain).toList();
    }

    @Override
    public List<StatusReport> takeFor(Collection<String> acsMessageIds) {
        List<StatusReport> taken = new ArrayList<>();
        if (acsMessageIds.isEmpty()) {
            return taken;
        }
        List<Long> ids = new ArrayList<>();
        jdbc.prepareStatement("SELECT * FROM status_report WHERE acs_message_id = ANY(?) ORDER BY id FOR UPDATE",
                statement -> {
                    Rows.planEachTime(statement);
                    statement.setArray(1, Rows.texts(statement, acsMessageIds));
                    try (ResultSet rows = statement.executeQuery()) {
                        while (rows.next()) {
                            ids.add(rows.getLong("id"));
                            taken.add(new StatusReport(rows.getString("event_id"), rows.getString("acs_message_id"),
                                    DeliveryStatus.valueOf(rows.getString("status")), rows.getString("error_code"),
                                    rows.getString("error_message"), Rows.instant(rows, "reported_at")));
                        }
                    }
                    return null;
                });
        if (!ids.isEmpty()) {
            jdbc.prepareStatement("DELETE FROM status_report WHERE id = ANY(?)", statement -> {
                statement.setArray(1, Rows.longs(statement, ids));
                return statement.executeUpdate();
            });
        }
        return taken;
    }

    @Override
    public List<StatusReport> takeMatched(int max) {
        List<StatusReportEntity> matched = reports.lockMatched(max);
        if (matched.isEmpty()) {
            return List.of();
        }
        reports.deleteAll(matched);
        return matched.stream().map(MessagePersistenceAdapter::toDomain).toList();
    }

    private static StatusReport toDomain(StatusReportEntity e) {
        return new StatusReport(e.eventId(), e.acsMessageId(), DeliveryStatus.valueOf(e.status()), e.errorCode(),
                e.errorMessage(), e.reportedAt());
    }
}
