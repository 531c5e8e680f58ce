package io.parley.adapters.persistence;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionOperations;
import io.parley.domain.model.ChannelName;
import io.parley.domain.port.out.ChannelNamePort;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

@Singleton
class ChannelNamePersistenceAdapter implements ChannelNamePort {

    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> transactions;

    ChannelNamePersistenceAdapter(JdbcOperations jdbc, TransactionOperations<Connection> transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    @Override
    public List<ChannelName> all() {
        return transactions.executeRead(status -> jdbc.prepareStatement(
                "SELECT channel_id, name, updated_at, updated_by FROM channel_name ORDER BY channel_id", statement -> {
                    List<ChannelName> names = new ArrayList<>();
                    try (ResultSet rows = statement.executeQuery()) {
                        while (rows.next()) {
                            names.add(new ChannelName(rows.getString("channel_id"), rows.getString("name"),
                                    Rows.instant(rows, "updated_at"), rows.getString("updated_by")));
                        }
                    }
                    return names;
                }));
    }

    @Override
    public void put(ChannelName name) {
        OffsetDateTime at = OffsetDateTime.ofInstant(name.updatedAt(), ZoneOffset.UTC);
        int updated = jdbc.prepareStatement("UPDATE channel_name SET name = ?, updated_at = ?, updated_by = ? "
                + "WHERE channel_id = ?", statement -> {
            statement.setString(1, name.name());
            statement.setObject(2, at);
            statement.setString(3, name.updatedBy());
            statement.setString(4, name.channelId());
            return statement.executeUpdate();
        });
        if (updated == 0) {
            jdbc.prepareStatement("INSERT INTO channel_name (channel_id, name, updated_at, updated_by) "
                    + "VALUES (?, ?, ?, ?)", statement -> {
                statement.setString(1, name.channelId());
                statement.setString(2, name.name());
                statement.setObject(3, at);
                statement.setString(4, name.updatedBy());
                return statement.executeUpdate();
            });
        }
    }

    @Override
    public boolean remove(String channelId) {
        return jdbc.prepareStatement("DELETE FROM channel_name WHERE channel_id = ?", statement -> {
            statement.setString(1, channelId);
            return statement.executeUpdate();
        }) > 0;
    }
}
