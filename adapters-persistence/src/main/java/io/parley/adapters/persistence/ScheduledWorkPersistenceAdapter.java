package io.parley.adapters.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.transaction.TransactionOperations;
import io.parley.domain.model.HttpCall;
import io.parley.domain.model.ScheduledWork;
import io.parley.domain.port.out.ScheduledWorkPort;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The scheduled-work queue in {@code scheduled_work}, claimed like the outbox: a row lock, then a lease. */
@Singleton
class ScheduledWorkPersistenceAdapter implements ScheduledWorkPort {

    /** An HTTP step's call as stored in {@code scheduled_work.payload}. */
    @Serdeable
    record CallJson(String stepId, String method, String url, @Nullable Map<String, String> headers,
                    @Nullable String body, long timeoutMillis) {

        static CallJson of(HttpCall c) {
            return new CallJson(c.stepId(), c.method(), c.url(), c.headers(), c.body(), c.timeout().toMillis());
        }

        HttpCall toDomain() {
            return new HttpCall(stepId, method, url, headers, body, Duration.ofMillis(timeoutMillis));
        }
    }

    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> transactions;
    private final MessageMapper json;
    private final java.time.Clock clock;

    ScheduledWorkPersistenceAdapter(JdbcOperations jdbc, TransactionOperations<Connection> transactions,
                                    MessageMapper json, java.time.Clock clock) {
        this.clock = clock;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.json = json;
    }

    @Override
    public void scheduleAll(Collection<ScheduledWork> work) {
        if (work.isEmpty()) {
            return;
        }
        jdbc.prepareStatement("""
                INSERT INTO scheduled_work (id, kind, conversation_id, token, due_at, attempts, first_due_at, payload,
                    last_problem, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", statement -> {
            Instant now = clock.instant();
            for (ScheduledWork w : work) {
                Rows.setUuid(statement, 1, w.id());
                statement.setString(2, w.kind().name());
                Rows.setUuid(statement, 3, w.conversationId());
                Rows.setUuid(statement, 4, w.token());
                Rows.setInstant(statement, 5, w.dueAt());
                statement.setInt(6, w.attempts());
                Rows.setInstant(statement, 7, w.firstDueAt());
                statement.setString(8, w.call() == null ? null : json.write(CallJson.of(w.call())));
                statement.setString(9, Rows.truncate(w.lastProblem(), 2000));
                Rows.setInstant(statement, 10, now);
                statement.addBatch();
            }
            return statement.executeBatch();
        });
    }

    @Override
    public List<ScheduledWork> claimDue(Instant now, int max, Duration lease) {
        return transactions.executeWrite(status -> {
            List<ScheduledWork> due = jdbc.prepareStatement("""
                    SELECT * FROM scheduled_work
                    WHERE due_at <= ? AND (claimed_until IS NULL OR claimed_until <= ?)
                    ORDER BY due_at
                    LIMIT ?
                    FOR UPDATE SKIP LOCKED""", statement -> {
                Rows.setInstant(statement, 1, now);
                Rows.setInstant(statement, 2, now);
                statement.setInt(3, max);
                List<ScheduledWork> found = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        found.add(read(rows));
                    }
                }
                return found;
            });
            if (!due.isEmpty()) {
                jdbc.prepareStatement("UPDATE scheduled_work SET claimed_until = ? WHERE id = ANY(?)", statement -> {
                    Rows.setInstant(statement, 1, now.plus(lease));
                    statement.setArray(2, Rows.uuids(statement, due.stream().map(ScheduledWork::id).toList()));
                    return statement.executeUpdate();
                });
            }
            return due;
        });
    }

    private ScheduledWork read(ResultSet rows) throws java.sql.SQLException {
        String payload = rows.getString("payload");
        return new ScheduledWork(Rows.uuid(rows, "id"), ScheduledWork.Kind.valueOf(rows.getString("kind")),
                Rows.uuid(rows, "conversation_id"), Rows.uuid(rows, "token"), Rows.instant(rows, "due_at"),
                rows.getInt("attempts"), payload == null ? null : json.read(payload, CallJson.class).toDomain(),
                Rows.instant(rows, "first_due_at"), rows.getString("last_problem"));
    }

    @Override
    public boolean finish(UUID id) {
        return jdbc.prepareStatement("DELETE FROM scheduled_work WHERE id = ?", statement -> {
            Rows.setUuid(statement, 1, id);
            return statement.executeUpdate() == 1;
        });
    }

    @Override
    public void reschedule(ScheduledWork work) {
        jdbc.prepareStatement("""
                UPDATE scheduled_work SET due_at = ?, attempts = ?, last_problem = ?, claimed_until = NULL
                WHERE id = ?""", statement -> {
            Rows.setInstant(statement, 1, work.dueAt());
            statement.setInt(2, work.attempts());
            statement.setString(3, Rows.truncate(work.lastProblem(), 2000));
            Rows.setUuid(statement, 4, work.id());
            return statement.executeUpdate();
        });
    }

    @Override
    public int releaseAllClaims() {
        return transactions.executeWrite(status -> jdbc.prepareStatement(
                "UPDATE scheduled_work SET claimed_until = NULL WHERE claimed_until IS NOT NULL",
                java.sql.PreparedStatement::executeUpdate));
    }

    @Override
    public long queued() {
        return transactions.executeRead(status -> jdbc.prepareStatement("SELECT COUNT(*) FROM scheduled_work",
                statement -> {
                    try (ResultSet rows = statement.executeQuery()) {
                        rows.next();
                        return rows.getLong(1);
                    }
                }));
    }
}
