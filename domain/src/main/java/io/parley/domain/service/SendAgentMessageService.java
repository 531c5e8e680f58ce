package io.parley.domain.service;

import io.parley.domain.model.AuditAction;
import io.parley.domain.model.Conversation;
import io.parley.domain.model.ReplyGuards;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

public final class SendAgentMessageService implements SendAgentMessageUseCase {

    /** {@code botPausedReason} while the bot waits for a person who wrote to the customer. */
    public static final String AGENT = "AGENT";

    private final TransactionPort transactions;
    private final ConversationPort conversations;
    private final MessagePort messages;
    private final StatusHistoryPort history;
    private final WorkSignal outboxSignal;
    private final Clock clock;
    private final DeliveryMetrics metrics;
    private ReplyGuards guards = ReplyGuards.DEFAULT;
    private AuditTrail audit = AuditTrail.NONE;
    private Insight insight = Insight.NONE;

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

    /**
     * @param replyGuards how long the bot stays silent after an agent's message
     * @param trail       where each agent message is recorded
     */
    public SendAgentMessageService with(ReplyGuards replyGuards, AuditTrail trail) {
        this.guards = replyGuards;
        this.audit = trail;
        return this;
    }

    /** Agent messages and the first replies they are count for insight in {@code counts}. */
    public SendAgentMessageService countedBy(Insight counts) {
        this.insight = counts;
        return this;
    }

    /**
     * Queues the message, and silences the bot in the conversation for the agent's quiet time from now (reason
     * {@code AGENT}), so that it never talks over a person; a longer pause (a handoff) stays as it is.
     */
    @Override
    public OutboundMessage send(SendAgentMessageCommand command) {
        TransactionEnd[] end = new TransactionEnd[1];
        OutboundMessage queued = transactions.inTransaction(() -> {
            end[0] = new TransactionEnd(insight);
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
            if (conversation.optedOut() && content instanceof OutboundContent.Template) {
                throw new SendAgentMessageUseCase.OptedOutException(conversation.optedOutAt());
            }
            OutboundMessage message = OutboundMessage.queue(Ids.next(), conversation, null, null,
                    MessageOrigin.AGENT, null, content, now, now).sentBy(command.agent());
            messages.saveOutbound(message);
            metrics.replyQueued(MessageOrigin.AGENT);
            Conversation locked = conversations.lockOrCreate(Set.of(conversation.key()), now)
                    .get(conversation.key());
            end[0].tally().agentMessage(locked.channelId(), now);
            Conversation after = locked.repliedAt(now, end[0].tally());
            Instant quietUntil = now.plus(guards.agentQuietFor());
            Instant pausedUntil = after.botPaused(now) ? after.botPausedUntil() : now;
            if (!guards.agentQuietFor().isZero() && quietUntil.isAfter(pausedUntil)) {
                after = after.botPausedUntil(AGENT, quietUntil);
                if (after.flow() != null) {
                    // a question waiting in a flow is paused with the bot, not timed out while the agent talks
                    after = after.inFlow(after.flow().timeoutLaterBy(Duration.between(pausedUntil, quietUntil)));
                }
            }
            if (after != locked) {
                conversations.saveAll(List.of(after));
            }
            conversations.touch(locked, now);
            history.append(message.queuedEntry(now, null, null));
            audit.record(command.agent(), AuditAction.AGENT_MESSAGE, "conversation " + conversation.id(),
                    describe(content));
            end[0].beforeCommit();
            return message;
        });
        end[0].afterCommit();
        outboxSignal.workQueued();
        return queued;
    }

    /** What the audit says of an agent message: its kind and size, never its words. */
    private static String describe(OutboundContent content) {
        if (content instanceof OutboundContent.Text text) {
            return "a text of " + text.text().codePointCount(0, text.text().length()) + " characters";
        }
        if (content instanceof OutboundContent.Template template) {
            return "template \"" + template.name() + "\" (" + template.language() + ")";
        }
        if (content instanceof OutboundContent.Media) {
            return "a media message";
        }
        return "an interactive message";
    }
}
