package io.parley.adapters.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface MessageRepository extends CrudRepository<MessageEntity, UUID> {


    @Query("""
            SELECT * FROM message
            WHERE conversation_id = :conversationId AND direction = 'INBOUND' AND text = :text""")
    List<MessageEntity> inboundWithText(UUID conversationId, String text);

    @Query("""
            SELECT MAX(created_at) FROM message
            WHERE conversation_id = :conversationId AND rule_id = :ruleId AND direction = 'OUTBOUND'""")
    Optional<Instant> lastReplyOfRule(UUID conversationId, long ruleId);

    @Query("""
            SELECT * FROM message WHERE direction = 'INBOUND' AND created_at >= :from AND created_at < :to
            ORDER BY created_at, id LIMIT :limit""")
    List<MessageEntity> inboundBetween(Instant from, Instant to, int limit);

    @Query("""
            SELECT * FROM message WHERE in_reply_to = :inboundId AND direction = 'OUTBOUND' AND rule_id IS NOT NULL
            ORDER BY created_at""")
    List<MessageEntity> replyTo(UUID inboundId);

    @Query("""
            SELECT COUNT(*) FROM message
            WHERE conversation_id = :conversationId AND direction = 'INBOUND' AND created_at < :before""")
    long countEarlierInbound(UUID conversationId, Instant before);

    @Query("""
            SELECT * FROM message WHERE status IN ('ACCEPTED', 'SENT', 'DELIVERED') AND direction = 'OUTBOUND'
              AND status_updated_at >= :since
            ORDER BY status_updated_at, id LIMIT :limit""")
    List<MessageEntity> awaitingDelivery(Instant since, int limit);

    @Query("SELECT * FROM message WHERE conversation_id = :conversationId ORDER BY created_at, direction, id")
    List<MessageEntity> oldestFirst(UUID conversationId);
}
