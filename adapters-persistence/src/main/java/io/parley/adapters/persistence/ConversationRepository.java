package io.parley.adapters.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

// PostgreSQL SQL everywhere: H2 runs in its PostgreSQL mode
@JdbcRepository(dialect = Dialect.POSTGRES)
interface ConversationRepository extends CrudRepository<ConversationEntity, UUID> {

    /** Race-free creation: of two concurrent inserts for one channel and customer, one wins, the other is a no-op. */
    @Query("""
            INSERT INTO conversation (id, channel_id, customer_id, created_at, last_message_at)
            VALUES (:id, :channelId, :customerId, :now, :now)
            ON CONFLICT DO NOTHING""")
    int insertIfAbsent(UUID id, String channelId, String customerId, Instant now);

    Optional<ConversationEntity> findByChannelIdAndCustomerId(String channelId, String customerId);

    @Query("UPDATE conversation SET last_message_at = :at WHERE id = :id AND last_message_at < :at")
    int touch(UUID id, Instant at);

    @Query("UPDATE conversation SET bot_paused_until = :until, bot_paused_reason = :reason WHERE id = :id")
    int pauseBot(UUID id, String reason, Instant until);

    @Query("UPDATE conversation SET bot_paused_until = NULL, bot_paused_reason = NULL WHERE id = :id")
    int releaseBot(UUID id);

    /** Both times forward in one statement (it runs for every received message). */
    @Query("""
            UPDATE conversation SET last_message_at = GREATEST(last_message_at, :at),
                last_inbound_at = CASE WHEN last_inbound_at IS NULL OR last_inbound_at < :at THEN :at
                                       ELSE last_inbound_at END
            WHERE id = :id""")
    int touchInbound(UUID id, Instant at);

    @Query("""
            SELECT * FROM conversation
            WHERE (CAST(:customerId AS VARCHAR) IS NULL OR customer_id = :customerId)
            ORDER BY last_message_at DESC, id
            LIMIT :limit OFFSET :offset""")
    List<ConversationEntity> newestFirst(@Nullable String customerId, int offset, int limit);

    /** {@code pattern} is a LIKE pattern in lower case with {@code \\} escaping {@code %} and {@code _}. */
    @Query("""
            SELECT * FROM conversation
            WHERE LOWER(customer_id) LIKE :pattern ESCAPE '\\'
            ORDER BY last_message_at DESC, id
            LIMIT :limit OFFSET :offset""")
    List<ConversationEntity> customerIdContaining(String pattern, int offset, int limit);
}
