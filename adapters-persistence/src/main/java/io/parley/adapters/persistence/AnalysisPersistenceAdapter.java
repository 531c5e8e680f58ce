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
                    waiting.add(new WaitingAnalysis(rows.getLong("id"), key, read(rows)));
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

    @Override
    public void channelAnalysed(String channelId, Instant at) {
        int updated = jdbc.prepareStatement("""
                UPDATE channel_analysis SET last_analysis_at = ? WHERE channel_id = ? AND last_analysis_at < ?""",
                statement -> {
                    Rows.setInstant(statement, 1, at);
                    statement.setString(2, channelId);
                    Rows.setInstant(statement, 3, at);
                    return statement.executeUpdate();
                });
        if (updated == 0) {
            // new, or already later (then the insert does nothing either)
            jdbc.prepareStatement("""
                    INSERT INTO channel_analysis (channel_id, last_analysis_at) VALUES (?, ?)
                    ON CONFLICT DO NOTHING""", statement -> {
                        statement.setString(1, channelId);
                        Rows.setInstant(statement, 2, at);
                        return statement.executeUpdate();
                    });
        }
    }

    @Override
    public Optional<Instant> lastAnalysisAt(String channelId) {
        return jdbc.prepareStatement("SELECT last_analysis_at FROM channel_analysis WHERE channel_id = ?",
                statement -> {
                    statement.setString(1, channelId);
                    try (ResultSet rows = statement.executeQuery()) {
                        return rows.next() ? Optional.ofNullable(Rows.instant(rows, "last_analysis_at"))
                                : Optional.<Instant>empty();
                    }
                });
    }

    /** The latest analysis attached to each of these messages, by message id (those without one are left out). */
    java.util.Map<UUID, MessageAnalysis> latestOf(Collection<UUID> messageIds) {
        java.util.Map<UUID, MessageAnalysis> found = new java.util.HashMap<>();
        if (messageIds.isEmpty()) {
            return found;
        }
        jdbc.prepareStatement("SELECT * FROM message_analysis WHERE message_id = ANY(?) ORDER BY id", statement -> {
            Rows.planEachTime(statement);
            statement.setArray(1, Rows.uuids(statement, messageIds));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    found.put(Rows.uuid(rows, "message_id"), read(rows)); // the latest wins
                }
            }
            return null;
        });
        return found;
    }

    private MessageAnalysis read(ResultSet rows) throws java.sql.SQLException {
        double score = rows.getDouble("confidence");
        Double confidence = rows.wasNull() ? null : score;
        return new MessageAnalysis(rows.getString("event_id"), rows.getString("original_message"),
                rows.getString("language"), confidence, rows.getString("translation"), rows.getString("intent"),
                mapper.readList(rows.getString("key_phrases")), Rows.instant(rows, "received_at"));
    }

    MessageAnalysis toDomain(MessageAnalysisEntity e) {
        return new MessageAnalysis(e.eventId(), e.originalMessage(), e.language(), e.confidence(), e.translation(),
                e.intent(), mapper.readList(e.keyPhrases()), e.receivedAt());
    }
}
