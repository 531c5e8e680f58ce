package io.parley.adapters.persistence;

import io.parley.domain.model.Conversation;
import io.parley.domain.model.InboundMessage;
import io.parley.domain.model.MessageAnalysis;
import io.parley.domain.port.out.AnalysisPort;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@Singleton
class AnalysisPersistenceAdapter implements AnalysisPort {

    private final MessageAnalysisRepository analyses;
    private final MessageRepository messages;
    private final MessageMapper mapper;

    AnalysisPersistenceAdapter(MessageAnalysisRepository analyses, MessageRepository messages, MessageMapper mapper) {
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
                mapper.writeList(a.keyPhrases()), a.receivedAt(), Instant.now()));
    }

    /** The latest analysis attached to the message, if any. */
    Optional<MessageAnalysis> attachedTo(UUID messageId) {
        List<MessageAnalysisEntity> found = analyses.attachedTo(messageId);
        return found.isEmpty() ? Optional.empty() : Optional.of(toDomain(found.get(found.size() - 1)));
    }

    @Override
    public Optional<MessageAnalysis> attachWaiting(Conversation conversation, InboundMessage message) {
        if (message.text() == null) {
            return Optional.empty();
        }
        int attached = analyses.attachWaiting(message.id(), conversation.id(), conversation.channelId(),
                conversation.customerId(), message.text());
        // a second query only in the rare case an analysis was waiting for this message
        return attached == 0 ? Optional.empty() : attachedTo(message.id());
    }

    MessageAnalysis toDomain(MessageAnalysisEntity e) {
        return new MessageAnalysis(e.eventId(), e.originalMessage(), e.language(), e.confidence(), e.translation(),
                e.intent(), mapper.readList(e.keyPhrases()), e.receivedAt());
    }
}
