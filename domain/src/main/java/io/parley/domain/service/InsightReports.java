package io.parley.domain.service;

import io.parley.domain.model.AnswerKind;
import io.parley.domain.model.DeliveryStatus;
import io.parley.domain.model.FieldError;
import io.parley.domain.model.Flow;
import io.parley.domain.model.FlowStep;
import io.parley.domain.model.InsightMetric;
import io.parley.domain.model.InvalidRuleException;
import io.parley.domain.model.ReplyRule;
import io.parley.domain.model.ResponseTimes;
import io.parley.domain.model.RuleVersion;
import io.parley.domain.port.out.FlowPort;
import io.parley.domain.port.out.InsightQueries;
import io.parley.domain.port.out.ReplyRulePort;
import io.parley.domain.port.out.RuleHistoryPort;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What business users ask of Parley, answered from insight's counts: how many customers wrote and how they were
 * answered, how fast, what was delivered, which rules answer, where customers leave a flow, and what they ask that
 * nothing answers. Counts are kept per hour, so a range covers whole hours: its start is rounded down and its end up.
 */
public final class InsightReports {

    /** The range when none is given: the last seven days. */
    public static final Duration DEFAULT_RANGE = Duration.ofDays(7);
    /** The longest range asked at once. */
    public static final Duration MAX_RANGE = Duration.ofDays(400);
    public static final int MAX_UNANSWERED = 200;

    private static final Set<InsightMetric> SUMMARY = EnumSet.of(InsightMetric.RECEIVED, InsightMetric.ANSWERED,
            InsightMetric.HANDOFFS, InsightMetric.AGENT_MESSAGES, InsightMetric.OPT_OUTS, InsightMetric.OPT_INS,
            InsightMetric.FIRST_RESPONSE, InsightMetric.DELIVERY, InsightMetric.FAILURES);

    private final InsightQueries queries;
    private final ReplyRulePort rules;
    private final RuleHistoryPort ruleHistory;
    private final FlowPort flows;
    private final Clock clock;

    public InsightReports(InsightQueries queries, ReplyRulePort rules, RuleHistoryPort ruleHistory, FlowPort flows,
                          Clock clock) {
        this.queries = queries;
        this.rules = rules;
        this.ruleHistory = ruleHistory;
        this.flows = flows;
        this.clock = clock;
    }

    /** Whole hours from {@code from} to {@code to} (UTC), of channel {@code channelId} or of all (null). */
    public record Range(Instant from, Instant to, String channelId) {
    }

    /**
     * The range asked for: {@code from} rounded down to its hour, {@code to} up; either may be null ({@code to}:
     * now, {@code from}: {@link #DEFAULT_RANGE} before {@code to}).
     *
     * @throws InvalidRuleException naming {@code from} or {@code to} when the range is empty or too long
     */
    public Range range(Instant from, Instant to, String channelId) {
        Instant end = ceilHour(to != null ? to : clock.instant());
        Instant start = from != null ? from.truncatedTo(ChronoUnit.HOURS) : end.minus(DEFAULT_RANGE);
        List<FieldError> errors = new ArrayList<>();
        if (!start.isBefore(end)) {
            errors.add(new FieldError("from", "must be before to"));
        } else if (Duration.between(start, end).compareTo(MAX_RANGE) > 0) {
            errors.add(new FieldError("to", "must be at most " + MAX_RANGE.toDays() + " days after from"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRuleException(errors);
        }
        String channel = channelId == null || channelId.isBlank() ? null : channelId.strip();
        return new Range(start, end, channel);
    }

    public record Answered(long rule, long flow, long fallback) {
        public long total() {
            return rule + flow + fallback;
        }
    }

    /** In seconds, estimated from a histogram (see {@link ResponseTimes}); null when no wait ended in the range. */
    public record FirstResponse(Double p50, Double p90, long count) {
    }

    /** Messages to customers that got at least this far (a read message was delivered), and those that failed. */
    public record Delivery(long accepted, long sent, long delivered, long read, long failed) {
    }

    /**
     * @param received       every customer message
     * @param unanswered     messages that asked for an answer and got none, with no person on the conversation
     * @param consent        opt-out and opt-in keywords, confirmed
     * @param withPeople     messages that came while a person had the conversation (a handoff, an agent talking)
     * @param silenced       messages the bot kept silent at for another reason (opted out, flood or loop guard)
     * @param noAnswerNeeded reactions and the like
     * @param botShare       what the bot answered itself, of the messages that asked for an answer (0 to 1; null
     *                       when none did)
     */
    public record Summary(Range range, long received, Answered answered, long unanswered, long consent,
                          long withPeople, long silenced, long noAnswerNeeded, Double botShare, long handoffs,
                          long agentMessages, long optOuts, long optIns, FirstResponse firstResponse,
                          Delivery delivery, Map<String, Long> failuresByCode) {
    }

    public Summary summary(Range range) {
        Map<InsightMetric, Map<String, Long>> t = totals(range, SUMMARY);
        Map<String, Long> answers = t.getOrDefault(InsightMetric.ANSWERED, Map.of());
        Answered answered = new Answered(n(answers, AnswerKind.RULE.name()), n(answers, AnswerKind.FLOW.name()),
                n(answers, AnswerKind.FALLBACK.name()));
        long received = sum(t, InsightMetric.RECEIVED);
        long notNeeded = n(answers, AnswerKind.NOT_NEEDED.name());
        long asked = answers.entrySet().stream().filter(e -> !e.getKey().equals(AnswerKind.NOT_NEEDED.name()))
                .mapToLong(Map.Entry::getValue).sum();
        Map<String, Long> response = t.getOrDefault(InsightMetric.FIRST_RESPONSE, Map.of());
        Map<String, Long> delivery = t.getOrDefault(InsightMetric.DELIVERY, Map.of());
        Map<String, Long> failures = new TreeMap<>(t.getOrDefault(InsightMetric.FAILURES, Map.of()));
        Map<String, Long> byCount = new LinkedHashMap<>();
        failures.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> byCount.put(e.getKey(), e.getValue()));
        return new Summary(range, received, answered, n(answers, AnswerKind.NONE.name()),
                n(answers, AnswerKind.CONSENT.name()), n(answers, AnswerKind.PEOPLE.name()),
                n(answers, AnswerKind.SILENCED.name()), notNeeded,
                asked == 0 ? null : (double) answered.total() / asked, sum(t, InsightMetric.HANDOFFS),
                sum(t, InsightMetric.AGENT_MESSAGES), sum(t, InsightMetric.OPT_OUTS), sum(t, InsightMetric.OPT_INS),
                new FirstResponse(ResponseTimes.quantile(response, 0.5), ResponseTimes.quantile(response, 0.9),
                        response.values().stream().mapToLong(Long::longValue).sum()),
                new Delivery(n(delivery, DeliveryStatus.ACCEPTED.name()), n(delivery, DeliveryStatus.SENT.name()),
                        n(delivery, DeliveryStatus.DELIVERED.name()), n(delivery, DeliveryStatus.READ.name()),
                        n(delivery, DeliveryStatus.FAILED.name())), byCount);
    }

    /**
     * @param deleted true when the rule no longer exists (its name is its last one)
     * @param replies the customer messages it answered (or started a flow for) in the range
     */
    public record RuleAnswers(long ruleId, String name, boolean deleted, long replies) {
    }

    /** Every rule that exists, and every deleted one that answered in the range; the most replies first. */
    public List<RuleAnswers> rules(Range range) {
        Map<String, Long> counts = totals(range, EnumSet.of(InsightMetric.RULE_ANSWERS))
                .getOrDefault(InsightMetric.RULE_ANSWERS, Map.of());
        Map<Long, RuleAnswers> all = new LinkedHashMap<>();
        for (ReplyRule rule : rules.findAll()) {
            all.put(rule.id(), new RuleAnswers(rule.id(), rule.name(), false, n(counts, rule.id().toString())));
        }
        counts.forEach((dimension, n) -> {
            Long id = parseLong(dimension);
            if (id != null && !all.containsKey(id)) {
                String name = ruleHistory.history(id).stream().reduce((a, b) -> b).map(RuleVersion::rule)
                        .map(ReplyRule::name).orElse("Rule " + id);
                all.put(id, new RuleAnswers(id, name, true, n));
            }
        });
        return all.values().stream().sorted(Comparator.comparingLong(RuleAnswers::replies).reversed()
                .thenComparingLong(RuleAnswers::ruleId)).toList();
    }

    /**
     * One step of a flow's funnel.
     *
     * @param type    the step's kind in the flow's current version; null for a step it no longer has
     * @param entered how often a conversation came to it
     * @param invalid answers it refused (a question)
     * @param timedOut questions that got no answer in time
     * @param left    conversations whose flow ended here without completing (interrupted, no valid answer, no
     *                answer in time with nowhere to go, ended by a person, the window closed, a call failed)
     */
    public record StepCount(String id, String type, long entered, long invalid, long timedOut, long left) {
    }

    /**
     * @param completed reached an end step; {@code handedOff} a handoff step
     * @param steps     the current version's steps in their order, then steps of earlier versions that counted
     */
    public record FlowFunnel(long flowId, String name, long started, long completed, long handedOff,
                             List<StepCount> steps) {
    }

    /** The funnel of flow {@code flowId}; empty when there is no such flow. */
    public Optional<FlowFunnel> flow(long flowId, Range range) {
        Optional<Flow> flow = flows.findById(flowId);
        if (flow.isEmpty()) {
            return Optional.empty();
        }
        Map<InsightMetric, Map<String, Long>> t = totals(range, EnumSet.of(InsightMetric.FLOW_STARTED,
                InsightMetric.FLOW_COMPLETED, InsightMetric.FLOW_HANDED_OFF, InsightMetric.STEP_ENTERED,
                InsightMetric.STEP_INVALID, InsightMetric.STEP_TIMED_OUT, InsightMetric.STEP_LEFT));
        String id = Long.toString(flowId);
        String prefix = InsightMetric.stepDimension(flowId, "");
        Map<String, String> types = new LinkedHashMap<>();
        for (FlowStep step : flow.get().steps()) {
            types.put(step.id(), step.type().name());
        }
        Map<String, long[]> steps = new LinkedHashMap<>();
        types.keySet().forEach(stepId -> steps.put(stepId, new long[4]));
        List<InsightMetric> order = List.of(InsightMetric.STEP_ENTERED, InsightMetric.STEP_INVALID,
                InsightMetric.STEP_TIMED_OUT, InsightMetric.STEP_LEFT);
        for (int i = 0; i < order.size(); i++) {
            int column = i;
            t.getOrDefault(order.get(i), Map.of()).forEach((dimension, n) -> {
                if (dimension.startsWith(prefix)) {
                    steps.computeIfAbsent(dimension.substring(prefix.length()), k -> new long[4])[column] += n;
                }
            });
        }
        List<StepCount> counted = new ArrayList<>(steps.size());
        steps.forEach((stepId, c) -> counted.add(new StepCount(stepId, types.get(stepId), c[0], c[1], c[2], c[3])));
        return Optional.of(new FlowFunnel(flowId, flow.get().name(),
                n(t.getOrDefault(InsightMetric.FLOW_STARTED, Map.of()), id),
                n(t.getOrDefault(InsightMetric.FLOW_COMPLETED, Map.of()), id),
                n(t.getOrDefault(InsightMetric.FLOW_HANDED_OFF, Map.of()), id), counted));
    }

    /** What a time series can show. */
    public enum SeriesMetric {
        RECEIVED, ANSWERED, BOT_SHARE, UNANSWERED, HANDOFFS, AGENT_MESSAGES, OPT_OUTS, FIRST_RESPONSE_P50,
        FIRST_RESPONSE_P90, DELIVERED, READ, FAILED;

        /** The name in the API: {@code botShare} for BOT_SHARE. */
        public String apiName() {
            StringBuilder out = new StringBuilder();
            boolean upper = false;
            for (char c : name().toLowerCase(Locale.ROOT).toCharArray()) {
                if (c == '_') {
                    upper = true;
                } else {
                    out.append(upper ? Character.toUpperCase(c) : c);
                    upper = false;
                }
            }
            return out.toString();
        }

        public static Optional<SeriesMetric> ofApiName(String name) {
            for (SeriesMetric m : values()) {
                if (m.apiName().equalsIgnoreCase(name == null ? "" : name.strip())) {
                    return Optional.of(m);
                }
            }
            return Optional.empty();
        }
    }

    public enum Bucket { HOUR, DAY }

    /** One bucket's value; null where it has none (a share of nothing, a percentile of no waits). */
    public record Point(Instant at, Double value) {
    }

    public record Series(SeriesMetric metric, Bucket bucket, ZoneId zone, List<Point> points) {
    }

    /** Longest series: a year of days, or a month of hours. */
    public static final int MAX_POINTS = 1_000;

    /**
     * {@code metric} per hour or per day of {@code zone} (a day starts at its midnight there), every bucket of the
     * range, those with nothing as 0.
     */
    public Series series(SeriesMetric metric, Bucket bucket, ZoneId zone, Range range) {
        List<Instant> starts = bucketStarts(bucket, zone, range);
        if (starts.size() > MAX_POINTS) {
            throw new InvalidRuleException(List.of(new FieldError("bucket", "a range this long has "
                    + starts.size() + " " + bucket.name().toLowerCase(Locale.ROOT) + "s; ask for at most "
                    + MAX_POINTS + " points (days instead of hours, or a shorter range)")));
        }
        Map<Instant, Map<InsightMetric, Map<String, Long>>> byBucket = new HashMap<>();
        for (InsightQueries.HourTotal h : queries.hourly(range.from(), range.to(), range.channelId(),
                metricsFor(metric))) {
            Instant at = bucket == Bucket.HOUR ? h.hour() : dayStart(h.hour(), zone);
            byBucket.computeIfAbsent(at, k -> new ByMetric())
                    .computeIfAbsent(h.metric(), k -> new HashMap<>()).merge(h.dimension(), h.n(), Long::sum);
        }
        List<Point> points = new ArrayList<>(starts.size());
        for (Instant at : starts) {
            points.add(new Point(at, value(metric, byBucket.getOrDefault(at, Map.of()))));
        }
        return new Series(metric, bucket, zone, points);
    }

    /** The groups of texts only a fallback or nothing answered, most first. */
    public List<InsightQueries.UnansweredGroup> unanswered(Range range, int limit) {
        int n = Math.max(1, Math.min(limit, MAX_UNANSWERED));
        return queries.unanswered(range.from(), range.to(), range.channelId(), n);
    }

    /** Counts by metric, then dimension. */
    private static final class ByMetric extends java.util.EnumMap<InsightMetric, Map<String, Long>> {
        ByMetric() {
            super(InsightMetric.class);
        }
    }

    private static Set<InsightMetric> metricsFor(SeriesMetric metric) {
        return switch (metric) {
            case RECEIVED -> EnumSet.of(InsightMetric.RECEIVED);
            case ANSWERED, BOT_SHARE, UNANSWERED -> EnumSet.of(InsightMetric.ANSWERED);
            case HANDOFFS -> EnumSet.of(InsightMetric.HANDOFFS);
            case AGENT_MESSAGES -> EnumSet.of(InsightMetric.AGENT_MESSAGES);
            case OPT_OUTS -> EnumSet.of(InsightMetric.OPT_OUTS);
            case FIRST_RESPONSE_P50, FIRST_RESPONSE_P90 -> EnumSet.of(InsightMetric.FIRST_RESPONSE);
            case DELIVERED, READ, FAILED -> EnumSet.of(InsightMetric.DELIVERY);
        };
    }

    private static Double value(SeriesMetric metric, Map<InsightMetric, Map<String, Long>> t) {
        Map<String, Long> answers = t.getOrDefault(InsightMetric.ANSWERED, Map.of());
        Map<String, Long> delivery = t.getOrDefault(InsightMetric.DELIVERY, Map.of());
        long byBot = n(answers, AnswerKind.RULE.name()) + n(answers, AnswerKind.FLOW.name())
                + n(answers, AnswerKind.FALLBACK.name());
        return switch (metric) {
            case RECEIVED -> (double) sum(t, InsightMetric.RECEIVED);
            case ANSWERED -> (double) byBot;
            case BOT_SHARE -> {
                long asked = answers.entrySet().stream()
                        .filter(e -> !e.getKey().equals(AnswerKind.NOT_NEEDED.name()))
                        .mapToLong(Map.Entry::getValue).sum();
                yield asked == 0 ? null : (double) byBot / asked;
            }
            case UNANSWERED -> (double) n(answers, AnswerKind.NONE.name());
            case HANDOFFS -> (double) sum(t, InsightMetric.HANDOFFS);
            case AGENT_MESSAGES -> (double) sum(t, InsightMetric.AGENT_MESSAGES);
            case OPT_OUTS -> (double) sum(t, InsightMetric.OPT_OUTS);
            case FIRST_RESPONSE_P50 -> ResponseTimes.quantile(t.getOrDefault(InsightMetric.FIRST_RESPONSE,
                    Map.of()), 0.5);
            case FIRST_RESPONSE_P90 -> ResponseTimes.quantile(t.getOrDefault(InsightMetric.FIRST_RESPONSE,
                    Map.of()), 0.9);
            case DELIVERED -> (double) n(delivery, DeliveryStatus.DELIVERED.name());
            case READ -> (double) n(delivery, DeliveryStatus.READ.name());
            case FAILED -> (double) n(delivery, DeliveryStatus.FAILED.name());
        };
    }

    private static List<Instant> bucketStarts(Bucket bucket, ZoneId zone, Range range) {
        List<Instant> starts = new ArrayList<>();
        if (bucket == Bucket.HOUR) {
            for (Instant at = range.from(); at.isBefore(range.to()) && starts.size() <= MAX_POINTS;
                 at = at.plus(Duration.ofHours(1))) {
                starts.add(at);
            }
            return starts;
        }
        LocalDate day = range.from().atZone(zone).toLocalDate();
        for (Instant at = day.atStartOfDay(zone).toInstant(); at.isBefore(range.to()) && starts.size() <= MAX_POINTS;
             day = day.plusDays(1), at = day.atStartOfDay(zone).toInstant()) {
            starts.add(at);
        }
        return starts;
    }

    private static Instant dayStart(Instant hour, ZoneId zone) {
        return hour.atZone(zone).toLocalDate().atStartOfDay(zone).toInstant();
    }

    private Map<InsightMetric, Map<String, Long>> totals(Range range, Set<InsightMetric> metrics) {
        Map<InsightMetric, Map<String, Long>> t = new ByMetric();
        for (InsightQueries.Total total : queries.totals(range.from(), range.to(), range.channelId(), metrics)) {
            t.computeIfAbsent(total.metric(), k -> new HashMap<>()).merge(total.dimension(), total.n(), Long::sum);
        }
        return t;
    }

    private static long n(Map<String, Long> counts, String dimension) {
        return counts.getOrDefault(dimension, 0L);
    }

    private static long sum(Map<InsightMetric, Map<String, Long>> t, InsightMetric metric) {
        return t.getOrDefault(metric, Map.of()).values().stream().mapToLong(Long::longValue).sum();
    }

    private static Long parseLong(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Instant ceilHour(Instant at) {
        Instant floor = at.truncatedTo(ChronoUnit.HOURS);
        return floor.equals(at) ? at : floor.plus(Duration.ofHours(1));
    }
}
