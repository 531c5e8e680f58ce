package io.parley.domain.service;

import io.parley.domain.model.Conversation;
import io.parley.domain.model.DeliveryStatus;
import io.parley.domain.model.InboundMessage;
import io.parley.domain.model.MediaDownload;
import io.parley.domain.model.OutboundMessage;
import io.parley.domain.model.InboundContent;
import io.parley.domain.model.MessageAnalysis;
import io.parley.domain.model.OutboundContent;
import io.parley.domain.model.ReplyGuards;
import io.parley.domain.model.ReplyRule;
import io.parley.domain.model.ReplyType;
import io.parley.domain.model.RuleInput;
import io.parley.domain.model.RuleReply;
import io.parley.domain.model.TextNormalizer;
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
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One transaction per customer message: the event id (so a redelivery changes nothing), the conversation, the
 * inbound message and, when a rule answers, the reply queued in the outbox. Nothing is sent here.
 */
public final class ReceiveMessageService implements ReceiveMessageUseCase {

    private static final java.util.logging.Logger LOG =
            java.util.logging.Logger.getLogger(ReceiveMessageService.class.getName());

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
    private final ReplyGuards guards;

    public ReceiveMessageService(TransactionPort transactions, EventLogPort events, ConversationPort conversations,
                                 MessagePort messages, StatusHistoryPort history, AnalysisPort analyses,
                                 MediaDownloadPort mediaDownloads, ReplyRuleCatalog rules, WorkSignal outboxSignal,
                                 WorkSignal mediaSignal, Clock clock) {
        this(transactions, events, conversations, messages, history, analyses, mediaDownloads, rules, outboxSignal,
                mediaSignal, clock, DeliveryMetrics.NONE, ReplyGuards.DEFAULT);
    }

    public ReceiveMessageService(TransactionPort transactions, EventLogPort events, ConversationPort conversations,
                                 MessagePort messages, StatusHistoryPort history, AnalysisPort analyses,
                                 MediaDownloadPort mediaDownloads,
                                 ReplyRuleCatalog rules, WorkSignal outboxSignal, WorkSignal mediaSignal,
                                 Clock clock, DeliveryMetrics metrics, ReplyGuards guards) {
        this.metrics = metrics;
        this.guards = guards;
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
        MessageAnalysis analysis = analyses.attachWaiting(conversation, inbound).orElse(null);
        boolean mediaQueued = false;
        if (command.content().media() != null && command.content().media().id() != null
                && !command.content().media().id().isBlank()) {
            mediaDownloads.enqueue(MediaDownload.pending(inbound.id(), command.content().media(), now));
            mediaQueued = true;
        }

        Optional<UUID> replyId = answer(conversation, inbound, analysis, command, now);
        return new Result(false, inbound.id(), replyId, mediaQueued);
    }

    /** Picks and queues the reply, unless the bot is silent here or one of the guards trips. */
    private Optional<UUID> answer(Conversation conversation, InboundMessage inbound, MessageAnalysis analysis,
                                  ReceiveMessageCommand command, Instant now) {
        InboundContent content = command.content();
        if (!content.expectsAnswer() || conversation.botPaused(now)) {
            return Optional.empty();
        }
        List<String> latest = messages.latestInboundTexts(conversation.id(), guards.loopThreshold());
        if (latest.size() == guards.loopThreshold() && inbound.text() != null
                && latest.stream().allMatch(t -> t != null && TextNormalizer.keyword(t)
                .equals(TextNormalizer.keyword(inbound.text())))) {
            conversations.pauseBot(conversation.id(), "LOOP", now.plus(guards.quietFor()));
            LOG.warning(() -> "conversation " + conversation.id() + ": the same text " + guards.loopThreshold()
                    + " times in a row, another bot is probably answering; the bot is quiet until released");
            return Optional.empty();
        }
        if (messages.ruleRepliesSince(conversation.id(), now.minusSeconds(60)) >= guards.maxRepliesPerMinute()) {
            conversations.pauseBot(conversation.id(), "FLOOD", now.plus(guards.quietFor()));
            LOG.warning(() -> "conversation " + conversation.id() + ": more than " + guards.maxRepliesPerMinute()
                    + " replies in a minute; the bot is quiet until released");
            return Optional.empty();
        }
        // the latest texts include this message: it is the first when it is the only one
        boolean first = latest.size() == 1;
        RuleInput input = content.toRuleInput(first).withContext(conversation.channelId(),
                conversation.customerId(), now, conversation.lastInboundAt(),
                analysis == null ? null : analysis.language(), analysis == null ? null : analysis.intent());
        Optional<ReplyRule> rule = rules.current().firstMatch(input, r -> !coolingDown(r, conversation, now));
        if (rule.isEmpty()) {
            return Optional.empty();
        }
        ReplyRule r = rule.get();
        if (r.reply().type() == ReplyType.HANDOFF) {
            conversations.pauseBot(conversation.id(), "HANDOFF", now.plus(guards.handoffTimeout()));
        }
        Optional<OutboundContent> reply = r.reply().render(new RuleReply.Context(inbound.text(),
                conversation.customerId(), r.name(), now, r.conditions().schedule() == null ? ZoneOffset.UTC
                : r.conditions().schedule().zone(), input.language()));
        return reply.map(c -> {
            OutboundMessage queued = OutboundMessage.queue(UUID.randomUUID(), conversation, inbound.id(), r.id(), c,
                    now);
            messages.saveOutbound(queued);
            metrics.replyQueued(queued.origin());
            history.append(new StatusChange(queued.id(), DeliveryStatus.QUEUED, now, null, null, "outbox", true));
            return queued.id();
        });
    }

    private boolean coolingDown(ReplyRule rule, Conversation conversation, Instant now) {
        if (rule.cooldown() == null || rule.id() == null) {
            return false;
        }
        return messages.lastReplyOfRule(conversation.id(), rule.id())
                .map(last -> now.isBefore(last.plus(rule.cooldown())))
                .orElse(false);
    }
}
