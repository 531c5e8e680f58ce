package io.parley.adapters.persistence;

import io.parley.domain.model.Conversation;
import io.parley.domain.model.Message;
import io.parley.domain.model.MessageAnalysis;
import io.parley.domain.port.out.ConversationPort;
import io.parley.domain.port.out.ConversationQueries;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@Singleton
class ConversationPersistenceAdapter implements ConversationPort, ConversationQueries {

    private final ConversationRepository conversations;
    private final MessageRepository messages;
    private final MessageMapper mapper;
    private final MessageAnalysisRepository analyses;
    private final AnalysisPersistenceAdapter analysisMapper;

    ConversationPersistenceAdapter(ConversationRepository conversations, MessageRepository messages,
                                   MessageMapper mapper, MessageAnalysisRepository analyses,
                                   AnalysisPersistenceAdapter analysisMapper) {
        this.conversations = conversations;
        this.messages = messages;
        this.mapper = mapper;
        this.analyses = analyses;
        this.analysisMapper = analysisMapper;
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
    public Optional<Conversation> find(String channelId, String customerId) {
        return conversations.findByChannelIdAndCustomerId(channelId, customerId)
                .map(ConversationPersistenceAdapter::toDomain);
    }

    @Override
    public Optional<Conversation> get(UUID id) {
        return conversation(id);
    }

    @Override
    public void touch(Conversation conversation, Instant at) {
        conversations.touch(conversation.id(), at);
    }

    @Override
    public void pauseBot(UUID conversationId, String reason, Instant until) {
        conversations.pauseBot(conversationId, reason, until);
    }

    @Override
    public boolean releaseBot(UUID conversationId) {
        return conversations.releaseBot(conversationId) == 1;
    }

    @Override
    public void touchInbound(Conversation conversation, Instant at) {
        conversations.touchInbound(conversation.id(), at);
    }

    @Override
    public List<Conversation> conversations(String customerId, int offset, int limit) {
        return conversations.newestFirst(customerId, offset, limit).stream()
                .map(ConversationPersistenceAdapter::toDomain)
                .toList();
    }

    @Override
    public List<Conversation> searchConversations(String customerIdPart, int offset, int limit) {
        String escaped = customerIdPart.toLowerCase(java.util.Locale.ROOT)
                .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return conversations.customerIdContaining("%" + escaped + "%", offset, limit).stream()
                .map(ConversationPersistenceAdapter::toDomain)
                .toList();
    }

    @Override
    public Optional<Conversation> conversation(UUID id) {
        return conversations.findById(id).map(ConversationPersistenceAdapter::toDomain);
    }

    @Override
    public List<Message> messages(UUID conversationId) {
        Map<UUID, MessageAnalysis> analysisByMessage = new HashMap<>();
        for (MessageAnalysisEntity a : analyses.attachedIn(conversationId)) {
            analysisByMessage.put(a.messageId(), analysisMapper.toDomain(a)); // the latest wins
        }
        return messages.oldestFirst(conversationId).stream()
                .map(e -> "INBOUND".equals(e.direction())
                        ? (Message) mapper.toInbound(e, analysisByMessage.get(e.id()))
                        : mapper.toOutbound(e))
                .toList();
    }

    @Override
    public Optional<Message> message(UUID id) {
        return messages.findById(id).map(e -> {
            if (!"INBOUND".equals(e.direction())) {
                return mapper.toOutbound(e);
            }
            List<MessageAnalysisEntity> found = analyses.attachedTo(id);
            return mapper.toInbound(e, found.isEmpty() ? null
                    : analysisMapper.toDomain(found.get(found.size() - 1)));
        });
    }

    static Conversation toDomain(ConversationEntity e) {
        return new Conversation(e.id(), e.channelId(), e.customerId(), e.createdAt(), e.lastMessageAt(),
                e.lastInboundAt(), e.botPausedUntil(), e.botPausedReason());
    }
}
