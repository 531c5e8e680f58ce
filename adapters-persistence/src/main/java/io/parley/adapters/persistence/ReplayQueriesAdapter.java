package io.parley.adapters.persistence;

import io.parley.domain.model.InboundMessage;
import io.parley.domain.port.out.ReplayQueries;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

@Singleton
class ReplayQueriesAdapter implements ReplayQueries {

    private final MessageRepository messages;
    private final ConversationRepository conversations;
    private final MessageMapper mapper;
    private final AnalysisPersistenceAdapter analyses;

    ReplayQueriesAdapter(MessageRepository messages, ConversationRepository conversations, MessageMapper mapper,
                         AnalysisPersistenceAdapter analyses) {
        this.messages = messages;
        this.conversations = conversations;
        this.mapper = mapper;
        this.analyses = analyses;
    }

    @Override
    public List<Answered> inboundBetween(Instant from, Instant to, int limit) {
        List<Answered> answered = new ArrayList<>();
        for (MessageEntity e : messages.inboundBetween(from, to, limit)) {
            InboundMessage message = mapper.toInbound(e, analyses.attachedTo(e.id()).orElse(null));
            ConversationEntity conversation = conversations.findById(e.conversationId()).orElseThrow();
            MessageEntity reply = messages.replyTo(e.id()).stream().findFirst().orElse(null);
            answered.add(new Answered(message, conversation.channelId(), conversation.customerId(),
                    messages.countEarlierInbound(e.conversationId(), e.createdAt()) == 0,
                    reply == null ? null : reply.ruleId(),
                    reply == null ? null : mapper.toOutbound(reply).text()));
        }
        return answered;
    }
}
