package io.parley.domain.service;

import io.parley.domain.model.AnswerHold;
import io.parley.domain.model.AnswerKind;
import io.parley.domain.model.ChannelPolicy;
import io.parley.domain.model.CompiledFlow;
import io.parley.domain.model.CompiledRuleSet;
import io.parley.domain.model.ConsentChange;
import io.parley.domain.model.ConsentPolicy;
import io.parley.domain.model.Conversation;
import io.parley.domain.model.FlowAdvance;
import io.parley.domain.model.FlowRun;
import io.parley.domain.model.FlowSession;
import io.parley.domain.model.HeldMessage;
import io.parley.domain.model.Ids;
import io.parley.domain.model.InboundContent;
import io.parley.domain.model.InboundMessage;
import io.parley.domain.model.MatchType;
import io.parley.domain.model.Message;
import io.parley.domain.model.MessageAnalysis;
import io.parley.domain.model.MessageOrigin;
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
import io.parley.domain.model.ScheduledWork;
import io.parley.domain.model.StatusChange;
import io.parley.domain.model.Tally;
import io.parley.domain.port.out.AnalysisPort;
import io.parley.domain.port.out.DeliveryMetrics;
import io.parley.domain.port.out.MessagePort;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Decides what the bot answers to a customer message, against the conversation as the messages before it left it:
 * a rule's reply, a flow's next step, or nothing (a pause, a guard). When the message's analysis could change that
 * answer and has not come yet, the decision waits for it (up to the deadline of {@link AnalysisWaiting}); later
 * messages of the conversation wait behind it, so that answers keep the customer's order.
 */
final class ReplyDecider {

    private static final java.util.logging.Logger LOG =
            java.util.logging.Logger.getLogger(ReplyDecider.class.getName());

    private final MessagePort messages;
    private final ChannelPolicy channel;
    private final ReplyGuards guards;
    private final DeliveryMetrics metrics;
    private final FlowRuntime flows;
    private final FlowTurns flowTurns;
    private final AnalysisWaiting waiting;
    private ConsentPolicy consent;

    ReplyDecider(MessagePort messages, ChannelPolicy channel, ReplyGuards guards, DeliveryMetrics metrics,
                 FlowRuntime flows, AnalysisWaiting waiting) {
        this.messages = messages;
        this.channel = channel;
        this.guards = guards;
        this.metrics = metrics;
        this.flows = flows;
        this.waiting = waiting;
        this.flowTurns = new FlowTurns(channel, guards, metrics);
    }

    /** The opt-out and opt-in keywords (null: none, every message goes to the rules). */
    void consent(ConsentPolicy policy) {
        this.consent = policy;
    }

    /** What one transaction of decisions writes, gathered so that each table is written once. */
    static final class Batch {
        /** What the transaction counts for insight. */
        final Tally tally;
        final List<Message> messages = new ArrayList<>();
        final List<AnalysisPort.Attachment> attachments = new ArrayList<>();
        final List<io.parley.domain.model.MediaDownload> downloads = new ArrayList<>();
        final List<StatusChange> queued = new ArrayList<>();
        final List<ScheduledWork> work = new ArrayList<>();
        /** How the answers of held messages waited, by message: written once per batch. */
        final Map<UUID, AnswerHold> holds = new LinkedHashMap<>();
        /** Replies queued by this batch, by conversation and rule: not stored yet, yet they start a cooldown. */
        final Map<UUID, Map<Long, Instant>> ruleReplies = new HashMap<>();
        /** Opt-outs and opt-ins said in this batch. */
        final List<ConsentChange> consent = new ArrayList<>();
        /** How each customer message decided in this batch was answered, by message: written once per batch. */
        final Map<UUID, AnswerKind> answers = new LinkedHashMap<>();

        Batch(Tally tally) {
            this.tally = tally;
        }
    }

    /**
     * A message just taken in: answered now, or held when an earlier message of the conversation waits or when its
     * analysis (not known yet) could change the answer.
     *
     * @param before the conversation before this message, {@code after} the same after it
     */
    Conversation take(Conversation before, Conversation after, InboundMessage inbound, MessageAnalysis analysis,
                      CompiledRuleSet compiled, Instant now, Batch batch) {
        if (!inbound.content().expectsAnswer()) {
            answered(after, inbound, AnswerKind.NOT_NEEDED, null, now, batch);
            return after;
        }
        Optional<ConsentPolicy.Match> said = consentSaid(inbound);
        if (said.isPresent()) {
            Conversation changed = consentChange(after, inbound, said.get(), now, batch);
            if (changed != null) {
                return changed; // nothing waits for an analysis, no rule answers: the keyword always works
            }
        }
        HeldMessage held = new HeldMessage(inbound.id(), now, now.plus(waiting.policy().upTo()),
                before.awaitingFirstMessage(), before.lastInboundAt(), inbound.choice());
        if (after.holdsMessages()) {
            if (after.held().size() < HeldMessage.MAX_PER_CONVERSATION) {
                return hold(after, held, batch); // behind the earlier one: answers keep the customer's order
            }
            LOG.warning(() -> "conversation " + after.id() + ": " + HeldMessage.MAX_PER_CONVERSATION
                    + " messages wait already; this one is answered at once");
        }
        RuleInput input = input(after, inbound.content(), held, analysis);
        if (analysis == null && mayWait(after, now)) {
            Optional<CompiledRuleSet.AnalysisNeed> need = need(after, input, compiled, now, batch);
            if (need.isPresent()) {
                LOG.fine(() -> "conversation " + after.id() + ": the answer waits for the analysis: "
                        + need.get().describe());
                return hold(after, held, batch);
            }
        }
        return decide(after, inbound, input, analysis, compiled, now, batch);
    }

    /**
     * Decides the held messages of {@code conversation} that can be decided now, oldest first: one whose analysis
     * came, whose deadline passed, or whose answer no longer depends on its analysis; the first that must go on
     * waiting stops the others behind it.
     */
    Conversation release(Conversation conversation, Map<UUID, InboundMessage> stored, CompiledRuleSet compiled,
                         Instant now, Batch batch) {
        Conversation current = conversation;
        while (current.holdsMessages()) {
            HeldMessage head = current.held().get(0);
            InboundMessage inbound = stored.get(head.messageId());
            Conversation rest = current.holding(current.held().subList(1, current.held().size()));
            if (inbound == null) {
                current = rest; // erased meanwhile (retention): nothing to answer
                continue;
            }
            MessageAnalysis analysis = inbound.analysis();
            // the option it picked is stored with the message
            RuleInput input = input(current, inbound.content(), new HeldMessage(head.messageId(), head.takenInAt(),
                    head.deadline(), head.firstMessage(), head.previousInboundAt(), inbound.choice()), analysis);
            AnswerHold outcome;
            if (analysis != null) {
                outcome = AnswerHold.ANALYSED;
            } else if (!now.isBefore(head.deadline())) {
                outcome = AnswerHold.TIMED_OUT;
            } else if (need(current, input, compiled, now, batch).isEmpty()) {
                outcome = AnswerHold.IN_TURN;
            } else {
                break;
            }
            batch.holds.put(head.messageId(), outcome);
            metrics.answerHeld(outcome);
            current = decide(rest, inbound, input, analysis, compiled, now, batch);
        }
        return current;
    }

    private Conversation hold(Conversation conversation, HeldMessage held, Batch batch) {
        List<HeldMessage> all = new ArrayList<>(conversation.held());
        all.add(held);
        batch.work.add(ScheduledWork.analysisDeadline(conversation.id(), held));
        batch.holds.put(held.messageId(), AnswerHold.WAITING);
        metrics.answerHeld(AnswerHold.WAITING);
        return conversation.holding(all);
    }

    private boolean mayWait(Conversation conversation, Instant now) {
        return waiting.enabled() && (waiting.policy().always()
                || waiting.policy().appliesTo(waiting.channels().lastAnalysisAt(conversation.channelId(), now), now));
    }

    private static RuleInput input(Conversation conversation, InboundContent content, HeldMessage held,
                                   MessageAnalysis analysis) {
        return content.toRuleInput(held.firstMessage()).withContext(conversation.channelId(),
                conversation.customerId(), held.takenInAt(), held.previousInboundAt(),
                analysis == null ? null : analysis.language(), analysis == null ? null : analysis.intent())
                .withChoice(held.choice());
    }

    /**
     * Why the analysis (not known in {@code input}) could change the answer in {@code conversation}: a rule that
     * needs it comes first, the answering rule's text depends on the language, or the flow that answers uses it.
     */
    Optional<CompiledRuleSet.AnalysisNeed> need(Conversation conversation, RuleInput input, CompiledRuleSet compiled,
                                                Instant now, Batch batch) {
        FlowSession session = conversation.flow();
        if (conversation.botPaused(now) || session == null && !compiled.mayNeedAnalysis()) {
            return Optional.empty(); // nothing answers, or nothing that answers depends on the analysis
        }
        if (session != null && flows.enabled()) {
            Optional<CompiledRuleSet.AnalysisNeed> interrupting = compiled.analysisNeed(input,
                    r -> r.interruptsFlow() && !coolingDown(r, conversation, now, batch));
            if (interrupting.isPresent()) {
                return interrupting;
            }
            if (compiled.firstMatch(input, r -> r.interruptsFlow() && !coolingDown(r, conversation, now, batch))
                    .isPresent()) {
                return Optional.empty();
            }
            Optional<CompiledFlow> flow = flows.catalog().version(session.flowId(), session.version());
            if (flow.isPresent()) {
                return session.asking() && flow.get().usesAnalysisAfter(session.step())
                        ? Optional.of(new CompiledRuleSet.AnalysisNeed(null, CompiledRuleSet.AnalysisNeed.Why.FLOW,
                        flow.get().flow().name())) : Optional.empty();
            }
        }
        Optional<CompiledRuleSet.AnalysisNeed> need = compiled.analysisNeed(input,
                r -> !coolingDown(r, conversation, now, batch));
        if (need.isPresent() || !flows.enabled()) {
            return need;
        }
        return compiled.firstMatch(input, r -> !coolingDown(r, conversation, now, batch))
                .filter(r -> r.reply().type() == ReplyType.FLOW)
                .flatMap(r -> flows.catalog().current(r.reply().flowId())
                        .filter(CompiledFlow::usesAnalysisOnStart)
                        .map(f -> new CompiledRuleSet.AnalysisNeed(r, CompiledRuleSet.AnalysisNeed.Why.FLOW,
                                f.flow().name())));
    }

    /** What a text message says when it is nothing but an opt-out or opt-in keyword. */
    private Optional<ConsentPolicy.Match> consentSaid(InboundMessage inbound) {
        return consent == null || !"text".equals(inbound.content().kind()) ? Optional.empty()
                : consent.match(inbound.text());
    }

    /**
     * The customer opts out (or in again): the conversation's state changes, the change is recorded with the
     * message, and one confirmation goes out. An opt-out also ends the conversation's flow. Saying it again changes
     * nothing and sends nothing; an opt-in keyword from a customer who never opted out is an ordinary message
     * (null: the rules answer it).
     */
    private Conversation consentChange(Conversation after, InboundMessage inbound, ConsentPolicy.Match said,
                                       Instant now, Batch batch) {
        boolean out = said.kind() == ConsentPolicy.Kind.OPT_OUT;
        if (out == after.optedOut()) {
            if (out) {
                answered(after, inbound, AnswerKind.SILENCED, null, now, batch);
                return after;
            }
            return null;
        }
        Conversation changed = after.consent(out ? now : null);
        if (out && changed.flow() != null) {
            leaveFlow(changed, FlowAdvance.Ending.INTERRUPTED, "the customer opted out", now, batch);
            changed = changed.inFlow(null);
        }
        batch.tally.consent(after.channelId(), out, now);
        changed = answered(changed, inbound, AnswerKind.CONSENT, null, now, batch).waitingForReply(
                inbound.createdAt());
        batch.consent.add(new ConsentChange(after.channelId(), after.customerId(), out, now, inbound.id(),
                said.keyword(), ConsentChange.CUSTOMER));
        OutboundMessage confirmation = OutboundMessage.queue(Ids.next(), changed, inbound.id(), null,
                MessageOrigin.CONSENT, null, new OutboundContent.Text(consent.reply(said.kind())), now, now);
        batch.messages.add(confirmation);
        batch.queued.add(confirmation.queuedEntry(now, null, null));
        metrics.replyQueued(MessageOrigin.CONSENT);
        LOG.fine(() -> "conversation " + after.id() + ": the customer opted " + (out ? "out" : "in"));
        return changed.repliedAt(now, batch.tally);
    }

    /** Picks and queues the reply, unless the customer opted out, the bot is silent here or a guard trips. */
    private Conversation decide(Conversation after, InboundMessage inbound, RuleInput input, MessageAnalysis analysis,
                                CompiledRuleSet compiled, Instant now, Batch batch) {
        if (after.optedOut()) {
            return answered(after, inbound, AnswerKind.SILENCED, null, now, batch);
        }
        if (after.botPaused(now)) {
            // a person has the conversation (they reply), or a guard silenced the bot (nobody does)
            boolean people = PEOPLE_PAUSES.contains(after.botPausedReason());
            Conversation paused = answered(after, inbound, people ? AnswerKind.PEOPLE : AnswerKind.SILENCED, null,
                    now, batch);
            return people ? paused.waitingForReply(inbound.createdAt()) : paused;
        }
        if (after.activity().looping(guards.loopThreshold())) {
            LOG.warning(() -> "conversation " + after.id() + ": the same text " + guards.loopThreshold()
                    + " times in a row, another bot is probably answering; the bot is quiet until released");
            return answered(after.botPausedUntil("LOOP", now.plus(guards.quietFor())), inbound, AnswerKind.SILENCED,
                    null, now, batch);
        }
        int lastMinute = after.activity().ruleRepliesSince(now.minus(ReplyActivity.FLOOD_WINDOW));
        if (lastMinute >= guards.maxRepliesPerMinute()) {
            LOG.warning(() -> "conversation " + after.id() + ": more than " + guards.maxRepliesPerMinute()
                    + " replies in a minute; the bot is quiet until released");
            return answered(after.botPausedUntil("FLOOD", now.plus(guards.quietFor())), inbound,
                    AnswerKind.SILENCED, null, now, batch);
        }
        Conversation current = after;
        FlowSession session = after.flow();
        if (session != null && flows.enabled()) {
            Optional<ReplyRule> interrupting = compiled.firstMatch(input,
                    r -> r.interruptsFlow() && !coolingDown(r, after, now, batch));
            if (interrupting.isPresent()) {
                LOG.fine(() -> "conversation " + after.id() + ": rule " + interrupting.get().id()
                        + " interrupts the flow");
                leaveFlow(after, FlowAdvance.Ending.INTERRUPTED, "rule " + interrupting.get().id()
                        + " interrupts the flow", now, batch);
                return ruleReply(after.inFlow(null), inbound, input, analysis, interrupting.get(), now, batch);
            }
            Optional<Conversation> inFlow = flowAnswer(after.waitingForReply(inbound.createdAt()), session, inbound,
                    analysis, now, batch);
            if (inFlow.isPresent()) {
                answered(after, inbound, AnswerKind.FLOW, null, now, batch);
                return inFlow.get();
            }
            leaveFlow(after, FlowAdvance.Ending.GONE, "the flow version is gone", now, batch);
            current = after.inFlow(null); // its flow is gone: the rules answer
        }
        Conversation asRulesSeeIt = current;
        Optional<ReplyRule> rule = compiled.firstMatch(input, r -> !coolingDown(r, asRulesSeeIt, now, batch));
        if (rule.isEmpty()) {
            return answered(current, inbound, AnswerKind.NONE, null, now, batch);
        }
        return ruleReply(current, inbound, input, analysis, rule.get(), now, batch);
    }

    /** The pause reasons that mean a person has the conversation: their reply ends the customer's wait. */
    private static final java.util.Set<String> PEOPLE_PAUSES = java.util.Set.of("HANDOFF",
            SendAgentMessageService.AGENT);

    /**
     * Records how {@code inbound} was answered: with the message (the inbox shows it) and in the batch's tally
     * (with the rule that answered, and the text when only a fallback or nothing answered).
     */
    private static Conversation answered(Conversation conversation, InboundMessage inbound, AnswerKind kind,
                                         Long ruleId, Instant now, Batch batch) {
        batch.answers.put(inbound.id(), kind);
        batch.tally.answered(inbound, conversation.channelId(), kind, ruleId, now);
        return conversation;
    }

    /** The conversation's flow ends from outside (an interrupting rule, an opt-out, a version gone): counted. */
    private static void leaveFlow(Conversation conversation, FlowAdvance.Ending ending, String why, Instant now,
                                  Batch batch) {
        batch.tally.flowTurn(conversation.channelId(), FlowRun.end(conversation.flow(), ending, why), now);
    }

    private Conversation ruleReply(Conversation after, InboundMessage inbound, RuleInput input,
                                   MessageAnalysis analysis, ReplyRule r, Instant now, Batch batch) {
        Conversation conversation = after;
        if (r.reply().type() == ReplyType.FLOW) {
            Optional<Conversation> started = startFlow(after, inbound, analysis, r, now, batch);
            if (started.isEmpty()) {
                return answered(after, inbound, AnswerKind.NONE, null, now, batch);
            }
            return started.get();
        }
        answered(conversation, inbound, r.match().type() == MatchType.ANY ? AnswerKind.FALLBACK : AnswerKind.RULE,
                r.id(), now, batch);
        if (r.reply().type() == ReplyType.HANDOFF) {
            // a person answers from now on: the customer waits for them, unless the handoff's text answers first
            conversation = conversation.botPausedUntil("HANDOFF", now.plus(guards.handoffTimeout()))
                    .waitingForReply(inbound.createdAt());
            batch.tally.handoff(conversation.channelId(), now);
        }
        Optional<OutboundContent> reply = r.reply().render(new RuleReply.Context(inbound.text(),
                conversation.customerId(), r.name(), now, r.conditions().schedule() == null ? ZoneOffset.UTC
                : r.conditions().schedule().zone(), input.language(), Map.of(), analysis));
        if (reply.isEmpty()) {
            return conversation;
        }
        conversation = conversation.waitingForReply(inbound.createdAt());
        OutboundContent sent = channel.adapt(reply.get());
        OutboundMessage queued = OutboundMessage.queue(Ids.next(), conversation, inbound.id(), r.id(),
                sent, now);
        Optional<Offer> offer = Offer.of(queued.id(), reply.get(), !channel.interactiveMessages(), now);
        if (offer.isPresent()) {
            conversation = conversation.offered(offer.get());
        }
        batch.messages.add(queued);
        batch.queued.add(queued.queuedEntry(now, null, null));
        metrics.replyQueued(queued.origin());
        conversation = conversation.repliedAt(now, batch.tally);
        if (r.id() != null) {
            batch.ruleReplies.computeIfAbsent(conversation.id(), k -> new HashMap<>()).put(r.id(), now);
            conversation = conversation.ruleReplied(now, guards.maxRepliesPerMinute());
        }
        return conversation;
    }

    /** A FLOW rule answered: its flow starts (a flow deleted meanwhile answers nothing: empty). */
    private Optional<Conversation> startFlow(Conversation conversation, InboundMessage inbound,
                                             MessageAnalysis analysis, ReplyRule r, Instant now, Batch batch) {
        Optional<CompiledFlow> flow = flows.enabled() ? flows.catalog().current(r.reply().flowId())
                : Optional.empty();
        if (flow.isEmpty()) {
            LOG.warning(() -> "rule " + r.id() + " starts flow " + r.reply().flowId() + ", which does not exist");
            return Optional.empty();
        }
        answered(conversation, inbound, AnswerKind.FLOW, r.id(), now, batch);
        FlowAdvance advance = FlowRun.start(flow.get(), turn(conversation, inbound, analysis, now));
        batch.tally.flowStarted(conversation.channelId(), advance.flowId(), now);
        if (r.id() != null) {
            batch.ruleReplies.computeIfAbsent(conversation.id(), k -> new HashMap<>()).put(r.id(), now);
        }
        return Optional.of(flowTurn(conversation.waitingForReply(inbound.createdAt()), advance, inbound, r.id(), now,
                batch));
    }

    /**
     * The customer's message goes to the flow it is in: an answer to its question, or one that waits for its call.
     * Empty when the session's flow version is gone (then the rules answer).
     */
    private Optional<Conversation> flowAnswer(Conversation conversation, FlowSession session, InboundMessage inbound,
                                              MessageAnalysis analysis, Instant now, Batch batch) {
        Optional<CompiledFlow> flow = flows.catalog().version(session.flowId(), session.version());
        if (flow.isEmpty()) {
            return Optional.empty();
        }
        OfferChoice choice = inbound.choice();
        String optionId = choice != null && conversation.offer() != null
                && choice.offerMessageId().equals(conversation.offer().messageId()) ? choice.optionId() : null;
        if (!session.asking()) {
            return Optional.of(conversation.inFlow(session.withPending(
                    new FlowSession.PendingAnswer(inbound.id(), inbound.text(), optionId))));
        }
        if (session.timeoutAt() != null && !now.isBefore(session.timeoutAt())) {
            // the question's time passed before its timer ran: it times out first, as it would have
            FlowAdvance timedOut = FlowRun.timeout(flow.get(), session, turn(conversation, inbound, analysis, now));
            Conversation afterTimeout = flowTurn(conversation, timedOut, inbound, null, now, batch);
            FlowSession next = afterTimeout.flow();
            if (next == null || !next.asking()) {
                return Optional.of(afterTimeout);
            }
            return flowAnswer(afterTimeout, next, inbound, analysis, now, batch).or(() -> Optional.of(afterTimeout));
        }
        FlowAdvance advance = FlowRun.answer(flow.get(), session, inbound.text(), optionId,
                turn(conversation, inbound, analysis, now));
        return Optional.of(flowTurn(conversation, advance, inbound, null, now, batch));
    }

    private static FlowRun.Turn turn(Conversation conversation, InboundMessage inbound, MessageAnalysis analysis,
                                     Instant now) {
        return new FlowRun.Turn(conversation.customerId(), inbound.text(), now,
                conversation.customerServiceWindowEnd(), analysis);
    }

    private Conversation flowTurn(Conversation conversation, FlowAdvance advance, InboundMessage inbound,
                                  Long ruleId, Instant now, Batch batch) {
        FlowTurns.Result result = flowTurns.apply(conversation, advance, inbound.id(), ruleId, now, batch.tally);
        for (OutboundMessage queued : result.queued()) {
            batch.messages.add(queued);
            batch.queued.add(queued.queuedEntry(now, null, null));
        }
        batch.work.addAll(result.work());
        return result.conversation();
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
