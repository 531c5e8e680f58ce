package io.parley.adapters.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface MediaDownloadRepository extends CrudRepository<MediaDownloadEntity, UUID> {

    @Query("""
            SELECT * FROM media_download
            WHERE status = 'PENDING' AND next_attempt_at <= :now AND (claimed_until IS NULL OR claimed_until <= :now)
            ORDER BY created_at
            LIMIT :max
            FOR UPDATE SKIP LOCKED""")
    List<MediaDownloadEntity> lockDue(Instant now, int max);

    @Query("UPDATE media_download SET claimed_until = :until WHERE message_id IN (:ids)")
    int claim(Collection<UUID> ids, Instant until);

    @Query("""
            UPDATE media_download SET status = :status, attempts = :attempts, next_attempt_at = :nextAttemptAt,
                claimed_until = NULL, size_bytes = :sizeBytes, content_type = :contentType, error = :error
            WHERE message_id = :messageId""")
    int recordAttempt(UUID messageId, String status, int attempts, @Nullable Instant nextAttemptAt,
                      @Nullable Long sizeBytes, @Nullable String contentType, @Nullable String error);
}
