package io.parley.domain.service;

import io.parley.domain.model.ChannelPolicy;
import io.parley.domain.model.CompiledFlow;
import io.parley.domain.model.FlowAdvance;
import io.parley.domain.model.FlowRun;
import io.parley.domain.model.FlowSession;
import io.parley.domain.model.CompiledRuleSet;
import io.parley.domain.model.Conversation;
import io.parley.domain.model.ConversationKey;
import io.parley.domain.model.DeliveryStatus;
import io.parley.domain.model.InboundContent;
import io.parley.domain.model.InboundMessage;
import io.parley.domain.model.MediaDownload;
import io.parley.domain.model.Message;
import io.parley.domain.model.MessageAnalysis;
import io.parley.domain.model.Offer;
import io.parley.domain.model.OfferChoice;
import io.parley.domain.model.OutboundContent;
import io.parley.domain.model.OutboundMessage;
import io.parley.domain.model.ReplyActivity;
import io.parley.domain.model.ReplyGuards;
import io.parley.domain.model.ReplyRule;
import io.parley.domain.model.ReplyType;
import io.parley.domain.model.RuleInput;
import io.parley.domain.model.RuleReply;
import io.parley.domain.model.StatusChange;
import io.parley.domain.port.in.ReceiveMessageCommand;
import io.parley.domain.port.out.AnalysisPort;
import io.parley.domain.port.out.ConversationPort;
import io.parley.domain.port.out.DeliveryMetrics;
import io.parley.domain.port.out.MediaDownloadPort;
import io.parley.domain.port.out.MessagePort;
import io.parley.domain.port.out.StatusHistoryPort;
import io.parley.domain.port.out.WorkSignal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Takes in customer messages: the event id (so a redelivery changes nothing), the conversation, the inbound message
 * and, when a rule answers, the reply queued in the outbox. Nothing is sent here.
 *
 * <p>Several messages are taken in together in one transaction, and in order: every conversation they belong to is
 * read and locked once, each message is decided against the conversation as the messages before it left it (its
 * guards, its pause), and everything they write is written in one batch per table. That is what lets one instance
 * take in thousands of messages a second; the outcome is the same as one transaction per message.
 */
public final class ReceiveMessageService {

    private static final java.util.logging.Logger LOG =
            java.util.logging.Logger.getLogger(ReceiveMessageService.class.getName());

    static final String EVENT_KIND = "MessageReceived";

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
    private final ChannelPolicy channel;
    private final FlowRuntime flows;
    private final FlowTurns flowTurns;

    public ReceiveMessageService(ConversationPort conversations,
                                 MessagePort messages, StatusHistoryPort history, AnalysisPort analyses,
                                 MediaDownloadPort mediaDownloads, ReplyRuleCatalog rules, WorkSignal outboxSignal,
                                 WorkSignal mediaSignal, Clock clock, ChannelPolicy channel) {
        this(conversations, messages, history, analyses, mediaDownloads, rules, outboxSignal,
                mediaSignal, clock, DeliveryMetrics.NONE, ReplyGuards.DEFAULT, channel, FlowRuntime.NONE);
    }

    public ReceiveMessageService(ConversationPort conversations,
                                 MessagePort messages, StatusHistoryPort history, AnalysisPort analyses,
                                 MediaDownloadPort mediaDownloads,
                                 ReplyRuleCatalog rules, WorkSignal outboxSignal, WorkSignal mediaSignal,
                                 Clock clock, DeliveryMetrics metrics, ReplyGuards guards, ChannelPolicy channel) {
        this(conversations, messages, history, analyses, mediaDownloads, rules, outboxSignal, mediaSignal, clock,
                metrics, guards, channel, FlowRuntime.NONE);
    }

    public ReceiveMessageService(ConversationPort conversations,
                                 MessagePort messages, StatusHistoryPort history, AnalysisPort analyses,
                                 MediaDownloadPort mediaDownloads,
                                 ReplyRuleCatalog rules, WorkSignal outboxSignal, WorkSignal mediaSignal,
                                 Clock clock, DeliveryMetrics metrics, ReplyGuards guards, ChannelPolicy channel,
                                 FlowRuntime flows) {
        this.flows = flows;
        this.flowTurns = new FlowTurns(channel, guards, metrics);
        this.channel = channel;
        this.metrics = metrics;
        this.guards = guards;
        this.mediaDownloads = mediaDownloads;
        this.mediaSignal = mediaSignal;
        this.conversations = conversations;
        this.messages = messages;
        this.analyses = analyses;
        this.history = history;
        this.rules = rules;
        this.outboxSignal = outboxSignal;
        this.clock = clock;
    }

    /**
     * Takes in messages whose events were just recorded as new, inside the caller's transaction; the signals their
     * work needs are left in {@code afterCommit}.
     */
    void takeIn(List<ReceiveMessageCommand> commands, Instant now, AfterCommit afterCommit) {
        if (commands.isEmpty()) {
            return;
        }
        Set<ConversationKey> keys = new LinkedHashSet<>();
        commands.forEach(c -> keys.add(new ConversationKey(c.channelId(), c.customerId())));
        Map<ConversationKey, Conversation> current = new LinkedHashMap<>(conversations.lockOrCreate(keys, now));
        Map<ConversationKey, List<AnalysisPort.WaitingAnalysis>> waiting = new HashMap<>();
        for (AnalysisPort.WaitingAnalysis w : analyses.waitingFor(keys)) {
            waiting.computeIfAbsent(w.key(), k -> new ArrayList<>()).add(w);
        }
        Map<String, OutboundMessage> tappedMessages = tappedMessages(commands);
        Batch batch = new Batch();
        // the rules as they are at the start of the transaction, for all its messages (one version check)
        CompiledRuleSet compiled = commands.stream().anyMatch(c -> c.content().expectsAnswer())
                ? rules.current() : null;
        for (ReceiveMessageCommand command : commands) {
            ConversationKey key = new ConversationKey(command.channelId(), command.customerId());
            Conversation conversation = current.get(key);
            OfferChoice choice = choice(command.content(), conversation, tappedMessages, now);
            InboundMessage inbound = new InboundMessage(UUID.randomUUID(), conversation.id(), command.eventId(),
                    command.content(), command.receivedAt(), now, null, choice);
            batch.messages.add(inbound);
            MessageAnalysis analysis = attachWaiting(waiting.get(key), inbound, batch);
            InboundContent.Media media = command.content().media();
            boolean mediaQueued = media != null && media.id() != null && !media.id().isBlank();
            if (mediaQueued) {
                batch.downloads.add(MediaDownload.pending(inbound.id(), media, now));
            }
            Conversation after = conversation.customerWrote(inbound.text(), now);
            Answer answer = answer(conversation, after, inbound, analysis, compiled, now, batch);
            current.put(key, answer.conversation());
        }
        messages.saveAll(batch.messages);
        conversations.saveAll(current.values());
        if (!batch.attachments.isEmpty()) {
            analyses.attachAll(batch.attachments);
        }
        if (!batch.downloads.isEmpty()) {
            mediaDownloads.enqueueAll(batch.downloads);
            afterCommit.signal(mediaSignal);
        }
        if (!batch.queued.isEmpty()) {
            history.appendAll(batch.queued);
            afterCommit.signal(outboxSignal);
        }
        if (!batch.work.isEmpty()) {
            flows.work().scheduleAll(batch.work);
            afterCommit.signal(flows.signal());
        }
    }

    /** The messages that taps in these commands answer (their context), by the channel's message id: one query. */
    private Map<String, OutboundMessage> tappedMessages(List<ReceiveMessageCommand> commands) {
        Set<String> ids = new LinkedHashSet<>();
        for (ReceiveMessageCommand command : commands) {
            InboundContent c = command.content();
            if (c.interactive() != null && c.context() != null && c.context().messageId() != null) {
                ids.add(c.context().messageId());
            }
        }
        return ids.isEmpty() ? Map.of() : messages.findOutboundByAcsMessageIds(ids);
    }

    /**
     * The option of an earlier offer this message picks: a tap is matched to the message it answers (its context),
     * else to the conversation's last offer; a typed text only to the conversation's last offer.
     */
    private static OfferChoice choice(InboundContent content, Conversation conversation,
                                      Map<String, OutboundMessage> tappedMessages, Instant now) {
        Offer last = conversation.offer();
        InboundContent.Interactive tap = content.interactive();
        if (tap != null && tap.id() != null) {
            if (content.context() != null && content.context().messageId() != null) {
                OutboundMessage answered = tappedMessages.get(content.context().messageId());
                if (answered != null && answered.conversationId().equals(conversation.id())) {
                    Optional<OfferChoice> picked = Offer.of(answered.id(), answered.content(), false,
                            answered.createdAt()).flatMap(offer -> offer.tapped(tap.id()));
                    if (picked.isPresent()) {
                        return picked.get();
                    }
                }
            }
            return last == null ? null : last.tapped(tap.id()).orElse(null);
        }
        if (last == null || !"text".equals(content.kind()) || content.text() == null) {
            return null;
        }
        return last.typed(content.text(), now).orElse(null);
    }

    /** What one transaction of messages writes, gathered so that each table is written once. */
    private static final class Batch {
        final List<Message> messages = new ArrayList<>();
        final List<AnalysisPort.Attachment> attachments = new ArrayList<>();
        final List<MediaDownload> downloads = new ArrayList<>();
        final List<StatusChange> queued = new ArrayList<>();
        final List<io.parley.domain.model.ScheduledWork> work = new ArrayList<>();
        /** Replies queued by this batch, by conversation and rule: not stored yet, yet they start a cooldown. */
        final Map<UUID, Map<Long, Instant>> ruleReplies = new HashMap<>();
    }

    private record Answer(Conversation conversation, Optional<OutboundMessage> reply) {
    }

    /**
     * Attaches the analyses kept for this message's text (they came before it); returns the latest of them, so
     * that the rules can use its language and intent.
     */
    private static MessageAnalysis attachWaiting(List<AnalysisPort.WaitingAnalysis> waiting, InboundMessage inbound,
                                                 Batch batch) {
        if (waiting == null || inbound.text() == null) {
            return null;
        }
        MessageAnalysis latest = null;
        for (Iterator<AnalysisPort.WaitingAnalysis> i = waiting.iterator(); i.hasNext(); ) {
            AnalysisPort.WaitingAnalysis w = i.next();
            if (inbound.text().equals(w.analysis().originalMessage())) {
                batch.attachments.add(new AnalysisPort.Attachment(w.id(), inbound.conversationId(), inbound.id()));
                latest = w.analysis();
                i.remove();
            }
        }
        return latest;
    }

    /**
     * Picks and queues the reply, unless the bot is silent here or one of the guards trips.
     *
     * @param before the conversation before this message, {@code after} the same after it
     */
    private Answer answer(Conversation before, Conversation after, InboundMessage inbound, MessageAnalysis analysis,
                          CompiledRuleSet compiled, Instant now, Batch batch) {
        InboundContent content = inbound.content();
        if (!content.expectsAnswer() || after.botPaused(now)) {
            return new Answer(after, Optional.empty());
        }
        if (after.activity().looping(guards.loopThreshold())) {
            LOG.warning(() -> "conversation " + after.id() + ": the same text " + guards.loopThreshold()
                    + " times in a row, another bot is probably answering; the bot is quiet until released");
            return new Answer(after.botPausedUntil("LOOP", now.plus(guards.quietFor())), Optional.empty());
        }
        int lastMinute = after.activity().ruleRepliesSince(now.minus(ReplyActivity.FLOOD_WINDOW));
        if (lastMinute >= guards.maxRepliesPerMinute()) {
            LOG.warning(() -> "conversation " + after.id() + ": more than " + guards.maxRepliesPerMinute()
                    + " replies in a minute; the bot is quiet until released");
            return new Answer(after.botPausedUntil("FLOOD", now.plus(guards.quietFor())), Optional.empty());
        }
        RuleInput input = content.toRuleInput(before.awaitingFirstMessage()).withContext(after.channelId(),
                after.customerId(), now, before.lastInboundAt(),
                analysis == null ? null : analysis.language(), analysis == null ? null : analysis.intent())
                .withChoice(inbound.choice());
        Conversation current = after;
        FlowSession session = after.flow();
        if (session != null && flows.enabled()) {
            Optional<ReplyRule> interrupting = compiled.firstMatch(input,
                    r -> r.interruptsFlow() && !coolingDown(r, after, now, batch));
            if (interrupting.isPresent()) {
                LOG.fine(() -> "conversation " + after.id() + ": rule " + interrupting.get().id()
                        + " interrupts the flow");
                return ruleReply(after.inFlow(null), inbound, input, interrupting.get(), now, batch);
            }
            Optional<Answer> inFlow = flowAnswer(after, session, inbound, now, batch);
            if (inFlow.isPresent()) {
                return inFlow.get();
            }
            current = after.inFlow(null); // its flow is gone: the rules answer
        }
        Conversation asRulesSeeIt = current;
        Optional<ReplyRule> rule = compiled.firstMatch(input, r -> !coolingDown(r, asRulesSeeIt, now, batch));
        if (rule.isEmpty()) {
            return new Answer(current, Optional.empty());
        }
        return ruleReply(current, inbound, input, rule.get(), now, batch);
    }

    private Answer ruleReply(Conversation after, InboundMessage inbound, RuleInput input, ReplyRule r, Instant now,
                             Batch batch) {
        Conversation conversation = after;
        if (r.reply().type() == ReplyType.FLOW) {
            return startFlow(after, inbound, r, now, batch);
        }
        if (r.reply().type() == ReplyType.HANDOFF) {
            conversation = conversation.botPausedUntil("HANDOFF", now.plus(guards.handoffTimeout()));
        }
        Optional<OutboundContent> reply = r.reply().render(new RuleReply.Context(inbound.text(),
                conversation.customerId(), r.name(), now, r.conditions().schedule() == null ? ZoneOffset.UTC
                : r.conditions().schedule().zone(), input.language()));
        if (reply.isEmpty()) {
            return new Answer(conversation, Optional.empty());
        }
        OutboundContent sent = channel.adapt(reply.get());
        OutboundMessage queued = OutboundMessage.queue(UUID.randomUUID(), conversation, inbound.id(), r.id(),
                sent, now);
        Optional<Offer> offer = Offer.of(queued.id(), reply.get(), !channel.interactiveMessages(), now);
        if (offer.isPresent()) {
            conversation = conversation.offered(offer.get());
        }
        batch.messages.add(queued);
        batch.queued.add(queued.queuedEntry(now, null, null));
        metrics.replyQueued(queued.origin());
        if (r.id() != null) {
            batch.ruleReplies.computeIfAbsent(conversation.id(), k -> new HashMap<>()).put(r.id(), now);
            conversation = conversation.ruleReplied(now, guards.maxRepliesPerMinute());
        }
        return new Answer(conversation, Optional.of(queued));
    }

    /** A FLOW rule answered: its flow starts (a flow deleted meanwhile answers nothing). */
    private Answer startFlow(Conversation conversation, InboundMessage inbound, ReplyRule r, Instant now,
                             Batch batch) {
        Optional<CompiledFlow> flow = flows.enabled() ? flows.catalog().current(r.reply().flowId())
                : Optional.empty();
        if (flow.isEmpty()) {
            LOG.warning(() -> "rule " + r.id() + " starts flow " + r.reply().flowId() + ", which does not exist");
            return new Answer(conversation, Optional.empty());
        }
        FlowAdvance advance = FlowRun.start(flow.get(), turn(conversation, inbound, now));
        if (r.id() != null) {
            batch.ruleReplies.computeIfAbsent(conversation.id(), k -> new HashMap<>()).put(r.id(), now);
        }
        return flowTurn(conversation, advance, inbound, r.id(), now, batch);
    }

    /**
     * The customer's message goes to the flow it is in: an answer to its question, or one that waits for its call.
     * Empty when the session's flow version is gone (then the rules answer).
     */
    private Optional<Answer> flowAnswer(Conversation conversation, FlowSession session, InboundMessage inbound,
                                        Instant now, Batch batch) {
        Optional<CompiledFlow> flow = flows.catalog().version(session.flowId(), session.version());
        if (flow.isEmpty()) {
            return Optional.empty();
        }
        OfferChoice choice = inbound.choice();
        String optionId = choice != null && conversation.offer() != null
                && choice.offerMessageId().equals(conversation.offer().messageId()) ? choice.optionId() : null;
        if (!session.asking()) {
            return Optional.of(new Answer(conversation.inFlow(session.withPending(
                    new FlowSession.PendingAnswer(inbound.id(), inbound.text(), optionId))), Optional.empty()));
        }
        if (session.timeoutAt() != null && !now.isBefore(session.timeoutAt())) {
            // the question's time passed before its timer ran: it times out first, as it would have
            FlowAdvance timedOut = FlowRun.timeout(flow.get(), session, turn(conversation, inbound, now));
            Answer afterTimeout = flowTurn(conversation, timedOut, inbound, null, now, batch);
            FlowSession next = afterTimeout.conversation().flow();
            if (next == null || !next.asking()) {
                return Optional.of(afterTimeout);
            }
            return flowAnswer(afterTimeout.conversation(), next, inbound, now, batch).or(() -> Optional.of(
                    afterTimeout));
        }
        FlowAdvance advance = FlowRun.answer(flow.get(), session, inbound.text(), optionId,
                turn(conversation, inbound, now));
        return Optional.of(flowTurn(conversation, advance, inbound, null, now, batch));
    }

    private static FlowRun.Turn turn(Conversation conversation, InboundMessage inbound, Instant now) {
        return new FlowRun.Turn(conversation.customerId(), inbound.text(), now,
                conversation.customerServiceWindowEnd());
    }

    private Answer flowTurn(Conversation conversation, FlowAdvance advance, InboundMessage inbound, Long ruleId,
                            Instant now, Batch batch) {
        FlowTurns.Result result = flowTurns.apply(conversation, advance, inbound.id(), ruleId, now);
        for (OutboundMessage queued : result.queued()) {
            batch.messages.add(queued);
            batch.queued.add(queued.queuedEntry(now, null, null));
        }
        batch.work.addAll(result.work());
        return new Answer(result.conversation(), result.queued().stream().findFirst());
    }

    private boolean coolingDown(ReplyRule rule, Conversation conversation, Instant now, Batch batch) {
        if (rule.cooldown() == null || rule.id() == null) {
            return false;
        }
        Instant inThisBatch = batch.ruleReplies.getOrDefault(conversation.id(), Map.of()).get(rule.id());
        Optional<Instant> last = inThisBatch != null ? Optional.of(inThisBatch)
                : messages.lastReplyOfRule(conversation.id(), rule.id());
        return last.map(at -> now.isBefore(at.plus(rule.cooldown()))).orElse(false);
    }
}
