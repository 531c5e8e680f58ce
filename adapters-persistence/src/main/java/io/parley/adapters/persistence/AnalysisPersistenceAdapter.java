package io.parley.adapters.persistence;

import java.time.Clock;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.parley.domain.model.Conversation;
import io.parley.domain.model.ConversationKey;
import io.parley.domain.model.MessageAnalysis;
import io.parley.domain.port.out.AnalysisPort;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@Singleton
class AnalysisPersistenceAdapter implements AnalysisPort {

    private final MessageAnalysisRepository analyses;
    private final MessageRepository messages;
    private final MessageMapper mapper;

    private final JdbcOperations jdbc;

    private final Clock clock;

    AnalysisPersistenceAdapter(MessageAnalysisRepository analyses, MessageRepository messages, MessageMapper mapper,
                               JdbcOperations jdbc, Clock clock) {
        this.clock = clock;
        this.jdbc = jdbc;
        this.analyses = analyses;
        this.messages = messages;
        this.mapper = mapper;
    }

    @Override
    public Optional<UUID> findAnalysed(Conversation conversation, String text, Instant near, Duration window) {
        return messages.inboundWithText(conversation.id(), text).stream()
                .filter(m -> near == null || distance(m, near).compareTo(window) <= 0)
                .min(Comparator.comparing(m -> near == null ? Duration.ZERO : distance(m, near)))
                .map(MessageEntity::id);
    }

    private static Duration distance(MessageEntity message, Instant near) {
        Instant at = message.receivedAt() == null ? message.createdAt() : message.receivedAt();
        return Duration.between(at, near).abs();
    }

    @Override
    public void save(MessageAnalysis a, String channelId, String customerId, UUID conversationId, UUID messageId) {
        analyses.save(new MessageAnalysisEntity(null, a.eventId(), channelId, customerId, conversationId, messageId,
                a.originalMessage(), a.language(), a.confidence(), a.translation(), a.intent(),
                mapper.writeList(a.keyPhrases()), a.receivedAt(), clock.instant()));
    }

    /** The latest analysis attached to the message, if any. */
    Optional<MessageAnalysis> attachedTo(UUID messageId) {
        List<MessageAnalysisEntity> found = analyses.attachedTo(messageId);
        return found.isEmpty() ? Optional.empty() : Optional.of(toDomain(found.get(found.size() - 1)));
    }

    @Override
    public List<WaitingAnalysis> waitingFor(Collection<ConversationKey> keys) {
        List<WaitingAnalysis> waiting = new ArrayList<>();
        if (keys.isEmpty()) {
            return waiting;
        }
        java.util.Set<ConversationKey> wanted = new java.util.HashSet<>(keys);
        jdbc.prepareStatement("""
                SELECT * FROM message_analysis
                WHERE channel_id = ANY(?) AND customer_id = ANY(?) AND message_id IS NULL
                ORDER BY id""", statement -> {
            Rows.planEachTime(statement);
            Rows.bindKeys(statement, keys);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ConversationKey key = new ConversationKey(rows.getString("channel_id"),
                            rows.getString("customer_id"));
                    if (!wanted.contains(key)) {
                        continue;
                    }
                    double score = rows.getDouble("confidence");
                    Double confidence = rows.wasNull() ? null : score;
                    MessageAnalysis analysis = new MessageAnalysis(rows.getString("event_id"),
                            rows.getString("original_message"), rows.getString("language"),
                            confidence, rows.getString("translation"),
                            rows.getString("intent"), mapper.readList(rows.getString("key_phrases")),
                            Rows.instant(rows, "received_at"));
                    waiting.add(new WaitingAnalysis(rows.getLong("id"), key, analysis));
                }
            }
            return null;
        });
        return waiting;
    }

    @Override
    public void attachAll(List<Attachment> attachments) {
        if (attachments.isEmpty()) {
            return;
        }
        jdbc.prepareStatement("UPDATE message_analysis SET message_id = ?, conversation_id = ? WHERE id = ?",
                statement -> {
                    for (Attachment attachment : attachments) {
                        Rows.setUuid(statement, 1, attachment.messageId());
                        Rows.setUuid(statement, 2, attachment.conversationId());
                        statement.setLong(3, attachment.analysisId());
                        statement.addBatch();
                    }
                    return statement.executeBatch();
                });
    }

    MessageAnalysis toDomain(MessageAnalysisEntity e) {
        return new MessageAnalysis(e.eventId(), e.originalMessage(), e.language(), e.confidence(), e.translation(),
                e.intent(), mapper.readList(e.keyPhrases()), e.receivedAt());
    }
}
