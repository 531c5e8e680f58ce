package io.parley.domain.service;

import io.parley.domain.model.ChannelPolicy;
import io.parley.domain.model.Conversation;
import io.parley.domain.model.FlowAdvance;
import io.parley.domain.model.FlowSession;
import io.parley.domain.model.Ids;
import io.parley.domain.model.MessageOrigin;
import io.parley.domain.model.Offer;
import io.parley.domain.model.OutboundContent;
import io.parley.domain.model.OutboundMessage;
import io.parley.domain.model.ReplyGuards;
import io.parley.domain.model.ScheduledWork;
import io.parley.domain.model.Tally;
import io.parley.domain.port.out.DeliveryMetrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What a flow's turn leaves behind, the same wherever the turn ran (a customer's message, a timeout, a call's
 * outcome): the conversation with its session, the messages queued in the outbox, and the work to schedule (the
 * call to make, the timer of the question now asked).
 */
final class FlowTurns {

    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(FlowTurns.class.getName());

    record Result(Conversation conversation, List<OutboundMessage> queued, List<ScheduledWork> work) {
    }

    private final ChannelPolicy channel;
    private final ReplyGuards guards;
    private final DeliveryMetrics metrics;

    FlowTurns(ChannelPolicy channel, ReplyGuards guards, DeliveryMetrics metrics) {
        this.channel = channel;
        this.guards = guards;
        this.metrics = metrics;
    }

    /**
     * @param inReplyTo the customer's message the turn answers, or null
     * @param ruleId    the rule that started the flow in this turn, or null
     * @param tally     counts the steps of the turn, how the flow ended, and the first reply
     */
    Result apply(Conversation before, FlowAdvance advance, UUID inReplyTo, Long ruleId, Instant now, Tally tally) {
        tally.flowTurn(before.channelId(), advance, now);
        FlowSession previous = before.flow();
        Conversation c = before.inFlow(advance.session());
        if (advance.ending() == FlowAdvance.Ending.HANDED_OFF) {
            c = c.botPausedUntil("HANDOFF", now.plus(guards.handoffTimeout()));
        }
        if (advance.ended()) {
            Conversation ended = c;
            LOG.fine(() -> "conversation " + ended.id() + ": flow ended, " + advance.ending());
        }
        List<OutboundMessage> queued = new ArrayList<>();
        for (FlowAdvance.Sent sent : advance.messages()) {
            OutboundContent content = channel.adapt(sent.content());
            OutboundMessage message = OutboundMessage.queue(Ids.next(), c, inReplyTo, ruleId,
                    MessageOrigin.FLOW, null, content, now, now);
            var offer = Offer.of(message.id(), sent.content(), !channel.interactiveMessages(), now);
            if (offer.isPresent()) {
                c = c.offered(offer.get());
            }
            queued.add(message);
            metrics.replyQueued(MessageOrigin.FLOW);
        }
        if (!queued.isEmpty()) {
            c = c.ruleReplied(now, guards.maxRepliesPerMinute()).repliedAt(now, tally);
        } else if (advance.ended() && advance.ending() != FlowAdvance.Ending.HANDED_OFF) {
            c = c.noReplyOwed(); // the flow ended without a word: nothing is coming (a person is, after a handoff)
        }
        List<ScheduledWork> work = new ArrayList<>(1);
        FlowSession session = advance.session();
        boolean moved = session != null && (previous == null || !previous.token().equals(session.token()));
        if (moved && session.status() == FlowSession.Status.CALLING && advance.call() != null) {
            work.add(ScheduledWork.call(c.id(), session, advance.call(), now));
        } else if (moved && session.asking() && session.expiresAt() != null) {
            work.add(ScheduledWork.timeout(c.id(), session));
        }
        return new Result(c, queued, work);
    }
}
