package io.parley.domain.service;

import io.parley.domain.model.Conversation;
import io.parley.domain.model.InboundMessage;
import io.parley.domain.model.OutboundMessage;
import io.parley.domain.model.ReplyRule;
import io.parley.domain.model.RuleInput;
import io.parley.domain.port.in.ReceiveMessageCommand;
import io.parley.domain.port.in.ReceiveMessageUseCase;
import io.parley.domain.port.out.ConversationPort;
import io.parley.domain.port.out.EventLogPort;
import io.parley.domain.port.out.MessagePort;
import io.parley.domain.port.out.OutboxSignal;
import io.parley.domain.port.out.TransactionPort;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One transaction per customer message: the event id (so a redelivery changes nothing), the conversation, the
 * inbound message and, when a rule answers, the reply queued in the outbox. Nothing is sent here.
 */
public final class ReceiveMessageService implements ReceiveMessageUseCase {

    static final String EVENT_KIND = "MessageReceived";

    private final TransactionPort transactions;
    private final EventLogPort events;
    private final ConversationPort conversations;
    private final MessagePort messages;
    private final ReplyRuleCatalog rules;
    private final OutboxSignal outboxSignal;
    private final Clock clock;

    public ReceiveMessageService(TransactionPort transactions, EventLogPort events, ConversationPort conversations,
                                 MessagePort messages, ReplyRuleCatalog rules, OutboxSignal outboxSignal,
                                 Clock clock) {
        this.transactions = transactions;
        this.events = events;
        this.conversations = conversations;
        this.messages = messages;
        this.rules = rules;
        this.outboxSignal = outboxSignal;
        this.clock = clock;
    }

    @Override
    public Result receive(ReceiveMessageCommand command) {
        Result result = transactions.inTransaction(() -> takeIn(command));
        if (result.replyId().isPresent()) {
            outboxSignal.repliesQueued();
        }
        return result;
    }

    private Result takeIn(ReceiveMessageCommand command) {
        Instant now = clock.instant();
        if (!events.recordIfNew(command.eventId(), EVENT_KIND, now)) {
            return Result.ofDuplicate();
        }
        Conversation conversation = conversations.findOrCreate(command.channelId(), command.customerId(), now);
        InboundMessage inbound = new InboundMessage(UUID.randomUUID(), conversation.id(), command.eventId(),
                command.text(), command.receivedAt(), now);
        messages.saveInbound(inbound);
        conversations.touch(conversation, now);

        boolean first = !messages.hasEarlierInbound(conversation.id(), inbound.id());
        Optional<ReplyRule> rule = rules.current().firstMatch(new RuleInput(command.text(), first));
        Optional<UUID> replyId = rule.map(r -> {
            OutboundMessage reply = OutboundMessage.queue(UUID.randomUUID(), conversation, inbound.id(), r.id(),
                    r.reply().toContent(), now);
            messages.saveOutbound(reply);
            return reply.id();
        });
        return new Result(false, inbound.id(), replyId);
    }
}
