package io.parley.domain.model;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one transaction counts for insight: customer messages and how they were answered, handoffs, agent messages,
 * opt-outs, first replies, delivery outcomes and the steps of flows, each in the UTC hour it happened and on its
 * channel. The transaction writes its tally last, so the counts commit (or roll back) with what they count.
 */
public final class Tally {

    /** {@code n} more of {@code metric} (split by {@code dimension}, "" for none) in the hour starting at {@code hour}. */
    public record Count(Instant hour, String channelId, InsightMetric metric, String dimension, long n) {
    }

    private record Key(Instant hour, String channelId, InsightMetric metric, String dimension) {
    }

    /** Rows are written, and locked, in this one order by every transaction, so that two cannot wait on each other. */
    private static final Comparator<Key> ORDER = Comparator.comparing(Key::hour).thenComparing(Key::channelId)
            .thenComparing(k -> k.metric().name()).thenComparing(Key::dimension);

    /** Longest dimension kept (an error code a channel made up may be long). */
    static final int MAX_DIMENSION = 100;

    private final Map<Key, Long> counts = new TreeMap<>(ORDER);
    private final List<UnansweredText> unanswered = new ArrayList<>();

    /** A customer message was taken in. */
    public void received(String channelId, Instant at) {
        add(channelId, InsightMetric.RECEIVED, "", at);
    }

    /**
     * {@code message} on {@code channelId} was answered as {@code kind}, by rule {@code ruleId} (null: by none); a
     * text only a fallback or nothing answered is kept for the list of unanswered texts.
     */
    public void answered(InboundMessage message, String channelId, AnswerKind kind, Long ruleId, Instant at) {
        add(channelId, InsightMetric.ANSWERED, kind.name(), at);
        if (ruleId != null) {
            add(channelId, InsightMetric.RULE_ANSWERS, ruleId.toString(), at);
        }
        if (kind.unmatched()) {
            UnansweredText text = UnansweredText.of(message, channelId, kind);
            if (text != null) {
                unanswered.add(text);
            }
        }
    }

    /** A person took over the conversation. */
    public void handoff(String channelId, Instant at) {
        add(channelId, InsightMetric.HANDOFFS, "", at);
    }

    public void agentMessage(String channelId, Instant at) {
        add(channelId, InsightMetric.AGENT_MESSAGES, "", at);
    }

    public void consent(String channelId, boolean optedOut, Instant at) {
        add(channelId, optedOut ? InsightMetric.OPT_OUTS : InsightMetric.OPT_INS, "", at);
    }

    /** A first reply ended a customer's wait of {@code waited} (null: nobody waited, nothing counts). */
    public void firstResponse(String channelId, Duration waited, Instant at) {
        if (waited != null) {
            add(channelId, InsightMetric.FIRST_RESPONSE, ResponseTimes.bucket(waited), at);
        }
    }

    /**
     * A message to a customer moved from {@code from} to {@code to}: it reached every status in between (a Read
     * message was delivered, even when no Delivered came), or failed with {@code errorCode}.
     */
    public void delivery(String channelId, DeliveryStatus from, DeliveryStatus to, String errorCode, Instant at) {
        if (to == DeliveryStatus.FAILED) {
            add(channelId, InsightMetric.DELIVERY, DeliveryStatus.FAILED.name(), at);
            add(channelId, InsightMetric.FAILURES, errorCode == null || errorCode.isBlank() ? "unknown"
                    : errorCode.strip(), at);
            return;
        }
        for (DeliveryStatus reached : List.of(DeliveryStatus.ACCEPTED, DeliveryStatus.SENT,
                DeliveryStatus.DELIVERED, DeliveryStatus.READ)) {
            if (from.ordinal() < reached.ordinal() && reached.ordinal() <= to.ordinal()) {
                add(channelId, InsightMetric.DELIVERY, reached.name(), at);
            }
        }
    }

    /**
     * The status change {@code change} moved {@code before} (the message as it was), recorded at {@code now} (counted
     * when Parley learnt it, not when the channel says it happened: a channel's clock cannot reach into the past).
     */
    public void delivery(OutboundMessage before, StatusChange change, Instant now) {
        if (change.applied() && change.status() != DeliveryStatus.QUEUED) {
            delivery(before.channelId(), before.status(), change.status(), change.errorCode(), now);
        }
    }

    public void flowStarted(String channelId, long flowId, Instant at) {
        add(channelId, InsightMetric.FLOW_STARTED, Long.toString(flowId), at);
    }

    /** The steps a turn of a flow went through, and how the flow ended, if it did. */
    public void flowTurn(String channelId, FlowAdvance advance, Instant at) {
        for (FlowAdvance.Step step : advance.steps()) {
            InsightMetric metric = switch (step.event()) {
                case ENTERED -> InsightMetric.STEP_ENTERED;
                case INVALID -> InsightMetric.STEP_INVALID;
                case TIMED_OUT -> InsightMetric.STEP_TIMED_OUT;
                case LEFT -> InsightMetric.STEP_LEFT;
            };
            add(channelId, metric, InsightMetric.stepDimension(advance.flowId(), step.stepId()), at);
        }
        if (advance.ending() == FlowAdvance.Ending.COMPLETED) {
            add(channelId, InsightMetric.FLOW_COMPLETED, Long.toString(advance.flowId()), at);
        } else if (advance.ending() == FlowAdvance.Ending.HANDED_OFF) {
            add(channelId, InsightMetric.FLOW_HANDED_OFF, Long.toString(advance.flowId()), at);
            handoff(channelId, at);
        }
    }

    public boolean isEmpty() {
        return counts.isEmpty() && unanswered.isEmpty();
    }

    /** The texts only a fallback or nothing answered, in the order they were answered. */
    public List<UnansweredText> unanswered() {
        return List.copyOf(unanswered);
    }

    /** Every count, in the order rows are written. */
    public List<Count> counts() {
        List<Count> all = new ArrayList<>(counts.size());
        counts.forEach((k, n) -> all.add(new Count(k.hour(), k.channelId(), k.metric(), k.dimension(), n)));
        return all;
    }

    /** The hour {@code at} falls in (UTC), as insight keeps it. */
    public static Instant hourOf(Instant at) {
        return at.truncatedTo(ChronoUnit.HOURS);
    }

    private void add(String channelId, InsightMetric metric, String dimension, Instant at) {
        String dim = dimension.length() <= MAX_DIMENSION ? dimension : dimension.substring(0, MAX_DIMENSION);
        counts.merge(new Key(hourOf(at), channelId, metric, dim), 1L, Long::sum);
    }
}
