package io.parley.adapters.persistence;

import io.micronaut.core.type.Argument;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.TransactionOperations;
import io.parley.domain.model.DeadLetter;
import io.parley.domain.port.out.DeadLetterPort;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Dead letters; lists and look-ups read every column but the body, which is read in pieces. */
@Singleton
class DeadLetterPersistenceAdapter implements DeadLetterPort {

    private static final String SUMMARY = "SELECT id, received_at, reason, headers, body_size, kept_size "
            + "FROM dead_letter ";

    private final DeadLetterRepository deadLetters;
    private final JdbcOperations jdbc;
    private final JsonMapper json;
    private final TransactionOperations<Connection> transactions;

    DeadLetterPersistenceAdapter(DeadLetterRepository deadLetters, JdbcOperations jdbc, JsonMapper json,
                                 TransactionOperations<Connection> transactions) {
        this.deadLetters = deadLetters;
        this.jdbc = jdbc;
        this.json = json;
        this.transactions = transactions;
    }

    @Override
    public long keep(DeadLetter letter) {
        return transactions.executeWrite(status -> deadLetters.save(new DeadLetterEntity(null, letter.receivedAt(),
                Rows.truncate(letter.reason(), 2000), write(letter.headers()), letter.body(), letter.size(),
                letter.body().length)).id());
    }

    @Override
    public List<DeadLetter.Summary> list(int offset, int limit) {
        return transactions.executeRead(status -> jdbc.prepareStatement(SUMMARY
                + "ORDER BY received_at DESC, id DESC LIMIT ? OFFSET ?", statement -> {
                    statement.setInt(1, limit);
                    statement.setInt(2, offset);
                    return summaries(statement.executeQuery());
                }));
    }

    @Override
    public Optional<DeadLetter.Summary> find(long id) {
        return transactions.executeRead(status -> jdbc.prepareStatement(SUMMARY + "WHERE id = ?", statement -> {
            statement.setLong(1, id);
            return summaries(statement.executeQuery()).stream().findFirst();
        }));
    }

    @Override
    public byte[] body(long id, long from, int length) {
        // SQL counts from 1
        return transactions.executeRead(status -> jdbc.prepareStatement(
                "SELECT substring(body from ? for ?) FROM dead_letter WHERE id = ?", statement -> {
                    statement.setInt(1, Math.toIntExact(from + 1));
                    statement.setInt(2, length);
                    statement.setLong(3, id);
                    try (ResultSet rows = statement.executeQuery()) {
                        byte[] part = rows.next() ? rows.getBytes(1) : null;
                        return part == null ? new byte[0] : part;
                    }
                }));
    }

    @Override
    public long keptBytes() {
        return transactions.executeRead(status -> jdbc.prepareStatement(
                "SELECT COALESCE(SUM(kept_size), 0) FROM dead_letter", statement -> {
                    try (ResultSet rows = statement.executeQuery()) {
                        rows.next();
                        return rows.getLong(1);
                    }
                }));
    }

    @Override
    public int dropOldestBeyond(long maxBytes) {
        return transactions.executeWrite(status -> jdbc.prepareStatement("""
                DELETE FROM dead_letter WHERE id IN (
                  SELECT id FROM (
                    SELECT id, SUM(kept_size) OVER (ORDER BY received_at DESC, id DESC) AS newer_and_this
                    FROM dead_letter) ranked
                  WHERE newer_and_this > ?)""", statement -> {
                    statement.setLong(1, maxBytes);
                    return statement.executeUpdate();
                }));
    }

    private List<DeadLetter.Summary> summaries(ResultSet rows) throws SQLException {
        try (rows) {
            List<DeadLetter.Summary> found = new ArrayList<>();
            while (rows.next()) {
                found.add(new DeadLetter.Summary(rows.getLong("id"), Rows.instant(rows, "received_at"),
                        rows.getString("reason"), read(rows.getString("headers")), rows.getLong("body_size"),
                        rows.getLong("kept_size")));
            }
            return found;
        }
    }

    private String write(Map<String, String> headers) {
        try {
            return json.writeValueAsString(headers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, String> read(String headers) {
        try {
            return json.readValue(headers, Argument.mapOf(String.class, String.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
