package io.parley.adapters.persistence;

import io.parley.domain.model.Conversation;
import io.parley.domain.model.Message;
import io.parley.domain.port.out.ConversationPort;
import io.parley.domain.port.out.ConversationQueries;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@Singleton
class ConversationPersistenceAdapter implements ConversationPort, ConversationQueries {

    private final ConversationRepository conversations;
    private final MessageRepository messages;
    private final MessageMapper mapper;

    ConversationPersistenceAdapter(ConversationRepository conversations, MessageRepository messages,
                                   MessageMapper mapper) {
        this.conversations = conversations;
        this.messages = messages;
        this.mapper = mapper;
    }

    @Override
    public Conversation findOrCreate(String channelId, String customerId, Instant now) {
        Optional<ConversationEntity> existing = conversations.findByChannelIdAndCustomerId(channelId, customerId);
        if (existing.isPresent()) {
            return toDomain(existing.get());
        }
        conversations.insertIfAbsent(UUID.randomUUID(), channelId, customerId, now);
        return conversations.findByChannelIdAndCustomerId(channelId, customerId)
                .map(ConversationPersistenceAdapter::toDomain)
                .orElseThrow(() -> new IllegalStateException("conversation vanished after insert"));
    }

    @Override
    public void touch(Conversation conversation, Instant at) {
        conversations.touch(conversation.id(), at);
    }

    @Override
    public List<Conversation> conversations(String customerId, int offset, int limit) {
        return conversations.newestFirst(customerId, offset, limit).stream()
                .map(ConversationPersistenceAdapter::toDomain)
                .toList();
    }

    @Override
    public Optional<Conversation> conversation(UUID id) {
        return conversations.findById(id).map(ConversationPersistenceAdapter::toDomain);
    }

    @Override
    public List<Message> messages(UUID conversationId) {
        return messages.oldestFirst(conversationId).stream().map(mapper::toDomain).toList();
    }

    @Override
    public Optional<Message> message(UUID id) {
        return messages.findById(id).map(mapper::toDomain);
    }

    static Conversation toDomain(ConversationEntity e) {
        return new Conversation(e.id(), e.channelId(), e.customerId(), e.createdAt(), e.lastMessageAt());
    }
}
