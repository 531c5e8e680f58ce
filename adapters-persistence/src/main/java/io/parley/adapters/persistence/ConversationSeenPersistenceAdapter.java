package io.parley.adapters.persistence;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.parley.domain.port.out.ConversationSeenPort;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

@Singleton
class ConversationSeenPersistenceAdapter implements ConversationSeenPort {

    private final JdbcOperations jdbc;

    ConversationSeenPersistenceAdapter(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean seen(UUID conversationId, String username, Instant at) {
        OffsetDateTime when = OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
        // never back in time: a second tab opened earlier does not make messages unread again
        int updated = jdbc.prepareStatement("UPDATE conversation_seen SET seen_at = ? WHERE conversation_id = ? "
                + "AND username = ? AND seen_at < ?", statement -> {
            statement.setObject(1, when);
            statement.setObject(2, conversationId);
            statement.setString(3, username);
            statement.setObject(4, when);
            return statement.executeUpdate();
        });
        if (updated > 0) {
            return true;
        }
        jdbc.prepareStatement("INSERT INTO conversation_seen (conversation_id, username, seen_at) SELECT id, ?, ? "
                + "FROM conversation WHERE id = ? ON CONFLICT DO NOTHING", statement -> {
            statement.setString(1, username);
            statement.setObject(2, when);
            statement.setObject(3, conversationId);
            return statement.executeUpdate();
        });
        return jdbc.prepareStatement("SELECT 1 FROM conversation WHERE id = ?", statement -> {
            statement.setObject(1, conversationId);
            try (var rows = statement.executeQuery()) {
                return rows.next();
            }
        });
    }
}
