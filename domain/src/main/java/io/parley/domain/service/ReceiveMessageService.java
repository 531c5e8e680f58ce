package io.parley.domain.service;

import io.parley.domain.model.ChannelPolicy;
import io.parley.domain.model.CompiledRuleSet;
import io.parley.domain.model.ConsentPolicy;
import io.parley.domain.model.Conversation;
import io.parley.domain.model.ConversationKey;
import io.parley.domain.model.Ids;
import io.parley.domain.model.InboundContent;
import io.parley.domain.model.InboundMessage;
import io.parley.domain.model.MediaDownload;
import io.parley.domain.model.MessageAnalysis;
import io.parley.domain.model.Offer;
import io.parley.domain.model.OfferChoice;
import io.parley.domain.model.OutboundMessage;
import io.parley.domain.model.ReplyGuards;
import io.parley.domain.port.in.ReceiveMessageCommand;
import io.parley.domain.port.out.AnalysisPort;
import io.parley.domain.port.out.ConsentPort;
import io.parley.domain.port.out.ConversationPort;
import io.parley.domain.port.out.DeliveryMetrics;
import io.parley.domain.port.out.MediaDownloadPort;
import io.parley.domain.port.out.MessagePort;
import io.parley.domain.port.out.StatusHistoryPort;
import io.parley.domain.port.out.WorkSignal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
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
 * take in thousands of messages a second; the outcome is the same as one transaction per message. What each
 * message is answered, and whether its answer waits for its analysis, is {@link ReplyDecider}'s.
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
    private final AnalysisWaiting waiting;
    private final ReplyDecider decider;
    private ConsentPort consentLog;

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
        this(conversations, messages, history, analyses, mediaDownloads, rules, outboxSignal, mediaSignal, clock,
                metrics, guards, channel, flows, AnalysisWaiting.NONE);
    }

    public ReceiveMessageService(ConversationPort conversations,
                                 MessagePort messages, StatusHistoryPort history, AnalysisPort analyses,
                                 MediaDownloadPort mediaDownloads,
                                 ReplyRuleCatalog rules, WorkSignal outboxSignal, WorkSignal mediaSignal,
                                 Clock clock, DeliveryMetrics metrics, ReplyGuards guards, ChannelPolicy channel,
                                 FlowRuntime flows, AnalysisWaiting waiting) {
        this.flows = flows;
        this.waiting = waiting;
        this.decider = new ReplyDecider(messages, channel, guards, metrics, flows, waiting);
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

    /** Opt-out and opt-in keywords work from now on, each change written to {@code log}. */
    public ReceiveMessageService withConsent(ConsentPolicy policy, ConsentPort log) {
        decider.consent(policy);
        this.consentLog = log;
        return this;
    }

    /**
     * Takes in messages whose events were just recorded as new, inside the caller's transaction, after the
     * analyses of the same transaction ({@code analysed}: those that came for a message whose answer waits); what
     * they count and the signals their work needs are left in {@code end}.
     */
    void takeIn(List<ReceiveMessageCommand> commands, List<RecordAnalysisService.Recorded> analysed, Instant now,
                TransactionEnd end) {
        Set<ConversationKey> releasing = new LinkedHashSet<>();
        for (RecordAnalysisService.Recorded r : analysed) {
            if (r.conversation() != null && r.conversation().held().stream()
                    .anyMatch(h -> h.messageId().equals(r.messageId()))) {
                releasing.add(r.conversation().key());
            }
        }
        if (commands.isEmpty() && releasing.isEmpty()) {
            return;
        }
        Set<ConversationKey> keys = new LinkedHashSet<>(releasing);
        commands.forEach(c -> keys.add(new ConversationKey(c.channelId(), c.customerId())));
        Map<ConversationKey, Conversation> current = new LinkedHashMap<>(conversations.lockOrCreate(keys, now));
        ReplyDecider.Batch batch = new ReplyDecider.Batch(end.tally());
        // the rules as they are at the start of the transaction, for all its messages (one version check)
        CompiledRuleSet compiled = !releasing.isEmpty() || commands.stream().anyMatch(c -> c.content().expectsAnswer())
                ? rules.current() : null;
        if (!releasing.isEmpty()) {
            // the earlier messages whose analysis just came are answered before the new ones
            List<Conversation> held = releasing.stream().map(current::get).toList();
            releaseAll(held, compiled, now, batch).forEach(c -> current.put(c.key(), c));
        }
        if (!commands.isEmpty()) {
            takeNew(commands, current, compiled, now, batch);
        }
        conversations.saveAll(current.values());
        write(batch, end);
    }

    private void takeNew(List<ReceiveMessageCommand> commands, Map<ConversationKey, Conversation> current,
                         CompiledRuleSet compiled, Instant now, ReplyDecider.Batch batch) {
        Map<ConversationKey, List<AnalysisPort.WaitingAnalysis>> waiting = new HashMap<>();
        for (AnalysisPort.WaitingAnalysis w : analyses.waitingFor(current.keySet())) {
            waiting.computeIfAbsent(w.key(), k -> new ArrayList<>()).add(w);
        }
        Map<String, OutboundMessage> tappedMessages = tappedMessages(commands);
        for (ReceiveMessageCommand command : commands) {
            ConversationKey key = new ConversationKey(command.channelId(), command.customerId());
            Conversation conversation = current.get(key);
            OfferChoice choice = choice(command.content(), conversation, tappedMessages, now);
            InboundMessage inbound = new InboundMessage(Ids.next(), conversation.id(), command.eventId(),
                    command.content(), command.receivedAt(), now, null, choice);
            batch.messages.add(inbound);
            batch.tally.received(key.channelId(), now);
            MessageAnalysis analysis = attachWaiting(waiting.get(key), inbound, batch);
            InboundContent.Media media = command.content().media();
            boolean mediaQueued = media != null && media.id() != null && !media.id().isBlank();
            if (mediaQueued) {
                batch.downloads.add(MediaDownload.pending(inbound.id(), media, now));
            }
            Conversation after = conversation.customerWrote(inbound.text(), now);
            current.put(key, decider.take(conversation, after, inbound, analysis, compiled, now, batch));
        }
    }

    /**
     * Decides what can be decided of the held messages of these conversations (locked by the caller): those whose
     * analysis came or whose deadline passed, and those behind them. Writes everything but the conversations, which
     * are returned as they are after.
     */
    List<Conversation> releaseHeld(Collection<Conversation> locked, Instant now, TransactionEnd end) {
        ReplyDecider.Batch batch = new ReplyDecider.Batch(end.tally());
        List<Conversation> after = releaseAll(locked, rules.current(), now, batch);
        write(batch, end);
        return after;
    }

    private List<Conversation> releaseAll(Collection<Conversation> held, CompiledRuleSet compiled, Instant now,
                                          ReplyDecider.Batch batch) {
        List<UUID> ids = new ArrayList<>();
        held.forEach(c -> c.held().forEach(h -> ids.add(h.messageId())));
        Map<UUID, InboundMessage> stored = ids.isEmpty() ? Map.of() : messages.inbound(ids);
        List<Conversation> after = new ArrayList<>(held.size());
        for (Conversation c : held) {
            after.add(decider.release(c, stored, compiled, now, batch));
        }
        return after;
    }

    /** Writes what a batch of decisions gathered, each table once. */
    private void write(ReplyDecider.Batch batch, TransactionEnd end) {
        // new messages go in with their answer; those stored before (their answers waited) get it now
        Map<UUID, io.parley.domain.model.AnswerKind> laterAnswers = new LinkedHashMap<>(batch.answers);
        if (!batch.messages.isEmpty()) {
            List<io.parley.domain.model.Message> all = new ArrayList<>(batch.messages.size());
            for (io.parley.domain.model.Message m : batch.messages) {
                io.parley.domain.model.AnswerKind answer = m instanceof InboundMessage
                        ? laterAnswers.remove(m.id()) : null;
                all.add(answer == null ? m : ((InboundMessage) m).answered(answer));
            }
            messages.saveAll(all);
        }
        if (!batch.holds.isEmpty() || !laterAnswers.isEmpty()) {
            messages.markAnswers(batch.holds, laterAnswers);
        }
        if (!batch.consent.isEmpty()) {
            consentLog.appendAll(batch.consent);
        }
        if (!batch.attachments.isEmpty()) {
            analyses.attachAll(batch.attachments);
        }
        if (!batch.downloads.isEmpty()) {
            mediaDownloads.enqueueAll(batch.downloads);
            end.signal(mediaSignal);
        }
        if (!batch.queued.isEmpty()) {
            history.appendAll(batch.queued);
            end.signal(outboxSignal);
        }
        if (!batch.work.isEmpty()) {
            scheduledWork().scheduleAll(batch.work);
            end.signal(flows.signal());
            if (waiting.signal() != flows.signal()) {
                end.signal(waiting.signal());
            }
        }
    }

    private io.parley.domain.port.out.ScheduledWorkPort scheduledWork() {
        return flows.work() != null ? flows.work() : waiting.work();
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

    /**
     * Attaches the analyses kept for this message's text (they came before it); returns the latest of them, so
     * that the rules can use its language and intent.
     */
    private static MessageAnalysis attachWaiting(List<AnalysisPort.WaitingAnalysis> waiting, InboundMessage inbound,
                                                 ReplyDecider.Batch batch) {
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

}
