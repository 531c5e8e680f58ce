package io.parley.domain.service;

import io.parley.domain.model.Conversation;
import io.parley.domain.model.Ids;
import io.parley.domain.model.MessageOrigin;
import io.parley.domain.model.OutboundContent;
import io.parley.domain.model.OutboundMessage;
import io.parley.domain.port.in.SendAgentMessageCommand;
import io.parley.domain.port.in.SendAgentMessageUseCase;
import io.parley.domain.port.out.ConversationPort;
import io.parley.domain.port.out.DeliveryMetrics;
import io.parley.domain.port.out.MessagePort;
import io.parley.domain.port.out.StatusHistoryPort;
import io.parley.domain.port.out.TransactionPort;
import io.parley.domain.port.out.WorkSignal;
import java.time.Clock;
import java.time.Instant;

public final class SendAgentMessageService implements SendAgentMessageUseCase {

    private final TransactionPort transactions;
    private final ConversationPort conversations;
    private final MessagePort messages;
    private final StatusHistoryPort history;
    private final WorkSignal outboxSignal;
    private final Clock clock;
    private final DeliveryMetrics metrics;

    public SendAgentMessageService(TransactionPort transactions, ConversationPort conversations,
                                   MessagePort messages, StatusHistoryPort history, WorkSignal outboxSignal,
                                   Clock clock) {
        this(transactions, conversations, messages, history, outboxSignal, clock, DeliveryMetrics.NONE);
    }

    public SendAgentMessageService(TransactionPort transactions, ConversationPort conversations,
                                   MessagePort messages, StatusHistoryPort history, WorkSignal outboxSignal,
                                   Clock clock,
            DeliveryMetrics metrics) {
        this.metrics = metrics;
        this.transactions = transactions;
        this.conversations = conversations;
        this.messages = messages;
        this.history = history;
        this.outboxSignal = outboxSignal;
        this.clock = clock;
    }

    @Override
    public OutboundMessage send(SendAgentMessageCommand command) {
        OutboundMessage queued = transactions.inTransaction(() -> {
            Instant now = clock.instant();
            Conversation conversation = conversations.get(command.conversationId())
                    .orElseThrow(() -> new UnknownConversationException(command.conversationId()));
            OutboundContent content = command.content();
            boolean freeForm = content != null && !(content instanceof OutboundContent.Template);
            if (content == null || freeForm && !conversation.customerServiceWindowOpen(now)) {
                if (command.template() == null) {
                    throw new WindowClosedException(conversation.lastInboundAt());
                }
                content = command.template();
            }
            OutboundMessage message = OutboundMessage.queue(Ids.next(), conversation, null, null,
                    MessageOrigin.AGENT, null, content, now, now);
            messages.saveOutbound(message);
            metrics.replyQueued(MessageOrigin.AGENT);
            conversations.touch(conversation, now);
            history.append(message.queuedEntry(now, null, null));
            return message;
        });
        outboxSignal.workQueued();
        return queued;
    }
}
