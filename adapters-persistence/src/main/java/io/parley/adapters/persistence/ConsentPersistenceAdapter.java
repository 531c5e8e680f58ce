package io.parley.adapters.persistence;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.parley.domain.model.ConsentChange;
import io.parley.domain.port.out.ConsentPort;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The consent history (rare: one row per opt-out or opt-in), appended in the ingest transaction. */
@Singleton
class ConsentPersistenceAdapter implements ConsentPort {

    private final JdbcOperations jdbc;

    ConsentPersistenceAdapter(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void appendAll(Collection<ConsentChange> changes) {
        jdbc.prepareStatement("INSERT INTO consent_change (channel_id, customer_id, opted_out, changed_at, "
                + "message_id, keyword, source) VALUES (?, ?, ?, ?, ?, ?, ?)", statement -> {
                    for (ConsentChange c : changes) {
                        statement.setString(1, c.channelId());
                        statement.setString(2, c.customerId());
                        statement.setBoolean(3, c.optedOut());
                        Rows.setInstant(statement, 4, c.at());
                        Rows.setUuid(statement, 5, c.messageId());
                        statement.setString(6, Rows.truncate(c.keyword(), 64));
                        statement.setString(7, c.source());
                        statement.addBatch();
                    }
                    return statement.executeBatch();
                });
    }

    @Override
    public List<ConsentChange> history(String customerId) {
        return jdbc.prepareStatement("SELECT channel_id, customer_id, opted_out, changed_at, message_id, keyword, "
                + "source FROM consent_change WHERE customer_id = ? ORDER BY id", statement -> {
                    statement.setString(1, customerId);
                    List<ConsentChange> found = new ArrayList<>();
                    try (ResultSet rows = statement.executeQuery()) {
                        while (rows.next()) {
                            found.add(new ConsentChange(rows.getString("channel_id"), rows.getString("customer_id"),
                                    rows.getBoolean("opted_out"), Rows.instant(rows, "changed_at"),
                                    Rows.uuid(rows, "message_id"), rows.getString("keyword"),
                                    rows.getString("source")));
                        }
                    }
                    return found;
                });
    }
}
