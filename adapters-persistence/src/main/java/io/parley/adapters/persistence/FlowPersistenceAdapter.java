package io.parley.adapters.persistence;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionOperations;
import io.parley.domain.model.Flow;
import io.parley.domain.model.FlowVersion;
import io.parley.domain.port.out.FlowPort;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Flows in {@code flow} (the current version) and {@code flow_version} (every version, kept after a delete);
 * every change bumps the flows' change count (row 2 of {@code rule_set_version}) in the same transaction.
 */
@Singleton
class FlowPersistenceAdapter implements FlowPort {

    private final JdbcOperations jdbc;
    private final MessageMapper json;
    private final TransactionOperations<Connection> transactions;

    FlowPersistenceAdapter(JdbcOperations jdbc, MessageMapper json, TransactionOperations<Connection> transactions) {
        this.jdbc = jdbc;
        this.json = json;
        this.transactions = transactions;
    }

    /** Reads join the caller's transaction, or run in one of their own (the catalog reads outside any). */
    private <T> T reading(java.util.function.Supplier<T> read) {
        return transactions.executeRead(status -> read.get());
    }

    @Override
    public List<Flow> findAll() {
        return reading(() -> jdbc.prepareStatement("SELECT id, version, definition FROM flow ORDER BY id", statement -> {
            List<Flow> found = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    found.add(read(rows.getLong(1), rows.getInt(2), rows.getString(3)));
                }
            }
            return found;
        }));
    }

    @Override
    public Optional<Flow> findById(long id) {
        return reading(() -> jdbc.prepareStatement("SELECT id, version, definition FROM flow WHERE id = ?", statement -> {
            statement.setLong(1, id);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(read(rows.getLong(1), rows.getInt(2), rows.getString(3)))
                        : Optional.<Flow>empty();
            }
        }));
    }

    private Flow read(long id, int version, String definition) {
        return json.read(definition, FlowJson.class).toDomain(id, version);
    }

    @Override
    public Flow insert(Flow flow, String change, String actor, Instant at) {
        String definition = json.write(FlowJson.of(flow));
        long id = jdbc.execute(connection -> {
            try (java.sql.PreparedStatement statement = connection.prepareStatement("INSERT INTO flow (name, "
                    + "version, definition, created_at, updated_at) VALUES (?, 1, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                statement.setString(1, flow.name());
                statement.setString(2, definition);
                Rows.setInstant(statement, 3, at);
                Rows.setInstant(statement, 4, at);
                statement.executeUpdate();
                try (ResultSet keys = statement.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        });
        appendVersion(id, 1, change, definition, actor, at);
        bump();
        return flow.withId(id, 1);
    }

    @Override
    public Optional<Flow> update(Flow flow, String change, String actor, Instant at) {
        Integer current = jdbc.prepareStatement("SELECT version FROM flow WHERE id = ? FOR UPDATE", statement -> {
            statement.setLong(1, flow.id());
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getInt(1) : null;
            }
        });
        if (current == null) {
            return Optional.empty();
        }
        int version = nextVersion(flow.id());
        String definition = json.write(FlowJson.of(flow));
        jdbc.prepareStatement("UPDATE flow SET name = ?, version = ?, definition = ?, updated_at = ? WHERE id = ?",
                statement -> {
                    statement.setString(1, flow.name());
                    statement.setInt(2, version);
                    statement.setString(3, definition);
                    Rows.setInstant(statement, 4, at);
                    statement.setLong(5, flow.id());
                    return statement.executeUpdate();
                });
        appendVersion(flow.id(), version, change, definition, actor, at);
        bump();
        return Optional.of(flow.withId(flow.id(), version));
    }

    @Override
    public boolean delete(long id, String actor, Instant at) {
        Optional<Flow> existing = findById(id);
        if (existing.isEmpty()) {
            return false;
        }
        jdbc.prepareStatement("DELETE FROM flow WHERE id = ?", statement -> {
            statement.setLong(1, id);
            return statement.executeUpdate();
        });
        appendVersion(id, nextVersion(id), "DELETED", json.write(FlowJson.of(existing.get())), actor, at);
        bump();
        return true;
    }

    private int nextVersion(long id) {
        return jdbc.prepareStatement("SELECT COALESCE(MAX(version), 0) + 1 FROM flow_version WHERE flow_id = ?",
                statement -> {
                    statement.setLong(1, id);
                    try (ResultSet rows = statement.executeQuery()) {
                        rows.next();
                        return rows.getInt(1);
                    }
                });
    }

    private void appendVersion(long id, int version, String change, String definition, String actor, Instant at) {
        jdbc.prepareStatement("INSERT INTO flow_version (flow_id, version, change, definition, changed_by, "
                + "changed_at) VALUES (?, ?, ?, ?, ?, ?)", statement -> {
                    statement.setLong(1, id);
                    statement.setInt(2, version);
                    statement.setString(3, change);
                    statement.setString(4, definition);
                    statement.setString(5, actor == null ? "unknown" : Rows.truncate(actor, 200));
                    Rows.setInstant(statement, 6, at);
                    return statement.executeUpdate();
                });
    }

    private void bump() {
        jdbc.prepareStatement("UPDATE rule_set_version SET version = version + 1 WHERE id = 2",
                java.sql.PreparedStatement::executeUpdate);
    }

    @Override
    public Optional<Flow> findVersion(long id, int version) {
        return versions("WHERE flow_id = ? AND version = ? AND change <> 'DELETED'", id, version).stream()
                .findFirst().map(FlowVersion::flow);
    }

    @Override
    public List<FlowVersion> history(long id) {
        return versions("WHERE flow_id = ? ORDER BY version", id, null);
    }

    private List<FlowVersion> versions(String where, long id, Integer version) {
        return reading(() -> jdbc.prepareStatement("SELECT flow_id, version, change, definition, changed_by, changed_at "
                + "FROM flow_version " + where, statement -> {
                    statement.setLong(1, id);
                    if (version != null) {
                        statement.setInt(2, version);
                    }
                    List<FlowVersion> found = new ArrayList<>();
                    try (ResultSet rows = statement.executeQuery()) {
                        while (rows.next()) {
                            found.add(new FlowVersion(rows.getLong(1), rows.getInt(2), rows.getString(3),
                                    read(rows.getLong(1), rows.getInt(2), rows.getString(4)), rows.getString(5),
                                    Rows.instant(rows, "changed_at")));
                        }
                    }
                    return found;
                }));
    }

    @Override
    public long changeCount() {
        return reading(() -> jdbc.prepareStatement("SELECT version FROM rule_set_version WHERE id = 2",
                statement -> {
                    try (ResultSet rows = statement.executeQuery()) {
                        return rows.next() ? rows.getLong(1) : 0L;
                    }
                }));
    }
}
