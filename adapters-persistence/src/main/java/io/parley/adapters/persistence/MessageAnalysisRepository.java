package io.parley.adapters.persistence;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface MessageAnalysisRepository extends CrudRepository<MessageAnalysisEntity, Long> {

    @Query("""
            SELECT * FROM message_analysis WHERE conversation_id = :conversationId AND message_id IS NOT NULL
            ORDER BY id""")
    List<MessageAnalysisEntity> attachedIn(UUID conversationId);

    @Query("SELECT * FROM message_analysis WHERE message_id = :messageId ORDER BY id")
    List<MessageAnalysisEntity> attachedTo(UUID messageId);

    @Query("""
            UPDATE message_analysis SET message_id = :messageId, conversation_id = :conversationId
            WHERE message_id IS NULL AND channel_id = :channelId AND customer_id = :customerId
              AND original_message = :text""")
    int attachWaiting(UUID messageId, UUID conversationId, String channelId, String customerId, String text);

    @Query("SELECT * FROM message_analysis WHERE message_id IS NULL ORDER BY id DESC LIMIT :limit OFFSET :offset")
    List<MessageAnalysisEntity> waiting(int offset, int limit);
}
