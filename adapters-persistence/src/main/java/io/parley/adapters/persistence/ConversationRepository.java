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

    Optional<ConversationEntity> findByChannelIdAndCustomerId(String channelId, String customerId);

    @Query("UPDATE conversation SET last_message_at = :at WHERE id = :id AND last_message_at < :at")
    int touch(UUID id, Instant at);

    @Query("UPDATE conversation SET bot_paused_until = NULL, bot_paused_reason = NULL WHERE id = :id")
    int releaseBot(UUID id);

    @Query("""
            SELECT * FROM conversation
            WHERE (CAST(:customerId AS VARCHAR) IS NULL OR customer_id = :customerId)
            ORDER BY last_message_at DESC, id
            LIMIT :limit OFFSET :offset""")
    List<ConversationEntity> newestFirst(@Nullable String customerId, int offset, int limit);
}
