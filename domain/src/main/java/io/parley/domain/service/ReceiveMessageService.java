package io.parley.domain.service;

import io.parley.domain.model.Conversation;
import io.parley.domain.model.DeliveryStatus;
import io.parley.domain.model.InboundMessage;
import io.parley.domain.model.MediaDownload;
import io.parley.domain.model.OutboundMessage;
import io.parley.domain.model.ReplyRule;
import io.parley.domain.model.StatusChange;
import io.parley.domain.port.in.ReceiveMessageCommand;
import io.parley.domain.port.in.ReceiveMessageUseCase;
import io.parley.domain.port.out.AnalysisPort;
import io.parley.domain.port.out.ConversationPort;
import io.parley.domain.port.out.DeliveryMetrics;
import io.parley.domain.port.out.EventLogPort;
import io.parley.domain.port.out.MediaDownloadPort;
import io.parley.domain.port.out.MessagePort;
import io.parley.domain.port.out.StatusHistoryPort;
import io.parley.domain.port.out.WorkSignal;
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
    private final AnalysisPort analyses;
    private final StatusHistoryPort history;
    private final MediaDownloadPort mediaDownloads;
    private final WorkSignal mediaSignal;
    private final ReplyRuleCatalog rules;
    private final WorkSignal outboxSignal;
    private final Clock clock;
    private final DeliveryMetrics metrics;

    public ReceiveMessageService(TransactionPort transactions, EventLogPort events, ConversationPort conversations,
                                 MessagePort messages, StatusHistoryPort history, AnalysisPort analyses,
                                 MediaDownloadPort mediaDownloads, ReplyRuleCatalog rules, WorkSignal outboxSignal,
                                 WorkSignal mediaSignal, Clock clock) {
        this(transactions, events, conversations, messages, history, analyses, mediaDownloads, rules, outboxSignal,
                mediaSignal, clock, DeliveryMetrics.NONE);
    }

    public ReceiveMessageService(TransactionPort transactions, EventLogPort events, ConversationPort conversations,
                                 MessagePort messages, StatusHistoryPort history, AnalysisPort analyses,
                                 MediaDownloadPort mediaDownloads,
                                 ReplyRuleCatalog rules, WorkSignal outboxSignal, WorkSignal mediaSignal,
                                 Clock clock, DeliveryMetrics metrics) {
        this.metrics = metrics;
        this.mediaDownloads = mediaDownloads;
        this.mediaSignal = mediaSignal;
        this.transactions = transactions;
        this.events = events;
        this.conversations = conversations;
        this.messages = messages;
        this.analyses = analyses;
        this.history = history;
        this.rules = rules;
        this.outboxSignal = outboxSignal;
        this.clock = clock;
    }

    @Override
    public Result receive(ReceiveMessageCommand command) {
        Result result = transactions.inTransaction(() -> takeIn(command));
        if (result.replyId().isPresent()) {
            outboxSignal.workQueued();
        }
        if (result.mediaQueued()) {
            mediaSignal.workQueued();
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
                command.content(), command.receivedAt(), now, null);
        messages.saveInbound(inbound);
        conversations.touchInbound(conversation, now);
        analyses.attachWaiting(conversation, inbound);
        boolean mediaQueued = false;
        if (command.content().media() != null && command.content().media().id() != null
                && !command.content().media().id().isBlank()) {
            mediaDownloads.enqueue(MediaDownload.pending(inbound.id(), command.content().media(), now));
            mediaQueued = true;
        }

        if (!command.content().expectsAnswer()) {
            return new Result(false, inbound.id(), Optional.empty(), mediaQueued);
        }
        boolean first = !messages.hasEarlierInbound(conversation.id(), inbound.id());
        Optional<ReplyRule> rule = rules.current().firstMatch(command.content().toRuleInput(first));
        Optional<UUID> replyId = rule.map(r -> {
            OutboundMessage reply = OutboundMessage.queue(UUID.randomUUID(), conversation, inbound.id(), r.id(),
                    r.reply().toContent(), now);
            messages.saveOutbound(reply);
            metrics.replyQueued(reply.origin());
            history.append(new StatusChange(reply.id(), DeliveryStatus.QUEUED, now, null, null, "outbox", true));
            return reply.id();
        });
        return new Result(false, inbound.id(), replyId, mediaQueued);
    }
}
