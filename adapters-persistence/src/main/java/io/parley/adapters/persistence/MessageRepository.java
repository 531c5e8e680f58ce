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

    @Query("SELECT * FROM message WHERE id = :id AND direction = 'OUTBOUND' FOR UPDATE")
    Optional<MessageEntity> lockOutbound(UUID id);

    @Query("SELECT * FROM message WHERE acs_message_id = :acsMessageId FOR UPDATE")
    Optional<MessageEntity> lockByAcsMessageId(String acsMessageId);

    @Query("""
            UPDATE message SET status = :status, acs_message_id = :acsMessageId, error_code = :errorCode,
                error_message = :errorMessage, attempts = :attempts, next_attempt_at = :nextAttemptAt,
                first_attempt_at = :firstAttemptAt, status_updated_at = :statusUpdatedAt,
                window_started_at = :windowStartedAt, outcome_uncertain = :outcomeUncertain, origin = :origin,
                content_type = :contentType, text = :text, media_url = :mediaUrl, template_name = :templateName,
                template_language = :templateLanguage, template_parameters = :templateParameters
            WHERE id = :id AND direction = 'OUTBOUND'""")
    int updateOutbound(UUID id, String status, @Nullable String acsMessageId, @Nullable String errorCode,
                       @Nullable String errorMessage, int attempts, @Nullable Instant nextAttemptAt,
                       @Nullable Instant firstAttemptAt, Instant statusUpdatedAt, @Nullable Instant windowStartedAt,
                       boolean outcomeUncertain, String origin, String contentType, @Nullable String text,
                       @Nullable String mediaUrl, @Nullable String templateName, @Nullable String templateLanguage,
                       @Nullable String templateParameters);

    /**
     * Due outbox rows, oldest first, skipping rows another transaction holds and any row with an older queued
     * message in its conversation (so replies keep their order).
     */
    @Query("""
            SELECT m.* FROM message m
            WHERE m.status = 'QUEUED' AND m.next_attempt_at <= :now
              AND (m.claimed_until IS NULL OR m.claimed_until <= :now)
              AND NOT EXISTS (
                SELECT 1 FROM message e
                WHERE e.conversation_id = m.conversation_id AND e.status = 'QUEUED'
                  AND (e.created_at < m.created_at OR (e.created_at = m.created_at AND e.id < m.id)))
            ORDER BY m.created_at, m.id
            LIMIT :max
            FOR UPDATE SKIP LOCKED""")
    List<MessageEntity> lockDue(Instant now, int max);

    @Query("UPDATE message SET claimed_until = :until WHERE id IN (:ids)")
    int claim(Collection<UUID> ids, Instant until);

    @Query("UPDATE message SET claimed_until = NULL WHERE claimed_until IS NOT NULL")
    int releaseAll();

    @Query("UPDATE message SET claimed_until = NULL WHERE id = :id")
    int release(UUID id);

    @Query("""
            SELECT * FROM message
            WHERE conversation_id = :conversationId AND direction = 'INBOUND' AND text = :text""")
    List<MessageEntity> inboundWithText(UUID conversationId, String text);

    @Query("""
            SELECT MAX(created_at) FROM message
            WHERE conversation_id = :conversationId AND rule_id = :ruleId AND direction = 'OUTBOUND'""")
    Optional<Instant> lastReplyOfRule(UUID conversationId, long ruleId);

    @Query("""
            SELECT COUNT(*) FROM message
            WHERE conversation_id = :conversationId AND direction = 'OUTBOUND' AND rule_id IS NOT NULL
              AND created_at >= :since""")
    long ruleRepliesSince(UUID conversationId, Instant since);

    @Query("""
            SELECT * FROM message WHERE conversation_id = :conversationId AND direction = 'INBOUND'
            ORDER BY created_at DESC, id DESC LIMIT :limit""")
    List<MessageEntity> latestInbound(UUID conversationId, int limit);

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

    @Query("SELECT * FROM message WHERE conversation_id = :conversationId ORDER BY created_at, direction, id")
    List<MessageEntity> oldestFirst(UUID conversationId);
}
