package io.parley.app.config;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.parley.domain.model.InsightMetric;
import io.parley.domain.model.ResponseTimes;
import io.parley.domain.model.Tally;
import io.parley.domain.port.out.InsightMetrics;
import jakarta.inject.Singleton;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Insight's counts for Prometheus, counted as they commit, so that the same figures as {@code /api/analytics} can be
 * graphed and alerted on (a scrape sees this instance since it started): {@code parley_insight_received_total},
 * {@code parley_insight_answered_total{by}}, {@code parley_insight_rule_answers_total{rule}},
 * {@code parley_insight_handoffs_total}, {@code parley_insight_agent_messages_total},
 * {@code parley_insight_opt_outs_total}, {@code parley_insight_opt_ins_total},
 * {@code parley_insight_first_response_seconds} (a histogram with insight's buckets),
 * {@code parley_insight_delivery_total{status}}, {@code parley_insight_failures_total{code}},
 * {@code parley_insight_flows_total{flow,event}} and {@code parley_insight_flow_steps_total{flow,step,event}}.
 * Labels that name rules, codes, flows and steps are bounded: past {@link #MAX_LABELS} different values a metric
 * counts the rest as {@code other}, so that no business can grow Prometheus without end.
 */
@Singleton
class MicrometerInsightMetrics implements InsightMetrics {

    static final int MAX_LABELS = 200;
    static final String OTHER = "other";

    private final MeterRegistry registry;
    private final DistributionSummary firstResponse;
    private final ConcurrentHashMap<String, Set<String>> labels = new ConcurrentHashMap<>();

    MicrometerInsightMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.firstResponse = DistributionSummary.builder("parley.insight.first.response")
                .description("how long customers waited for a first reply, by the buckets insight keeps")
                .baseUnit("seconds")
                .serviceLevelObjectives(ResponseTimes.boundsInSeconds())
                .register(registry);
    }

    @Override
    public void counted(Tally tally) {
        for (Tally.Count c : tally.counts()) {
            switch (c.metric()) {
                case RECEIVED -> count("received", "customer messages taken in", c.n());
                case ANSWERED -> count("answered", "customer messages by how they were answered", c.n(),
                        "by", c.dimension().toLowerCase(Locale.ROOT));
                case RULE_ANSWERS -> count("rule.answers", "customer messages each rule answered", c.n(),
                        "rule", bounded("rule", c.dimension()));
                case HANDOFFS -> count("handoffs", "conversations handed to a person", c.n());
                case AGENT_MESSAGES -> count("agent.messages", "messages people wrote to customers", c.n());
                case OPT_OUTS -> count("opt.outs", "customers who opted out", c.n());
                case OPT_INS -> count("opt.ins", "customers who opted in again", c.n());
                case FIRST_RESPONSE -> {
                    double seconds = ResponseTimes.upperBoundSeconds(c.dimension());
                    for (long i = 0; i < c.n(); i++) {
                        firstResponse.record(seconds);
                    }
                }
                case DELIVERY -> count("delivery", "messages to customers that reached a status", c.n(),
                        "status", c.dimension().toLowerCase(Locale.ROOT));
                case FAILURES -> count("failures", "messages to customers that failed, by the channel's code",
                        c.n(), "code", bounded("code", c.dimension()));
                case FLOW_STARTED, FLOW_COMPLETED, FLOW_HANDED_OFF -> count("flows", "flows started and ended",
                        c.n(), "flow", bounded("flow", c.dimension()), "event", event(c.metric()));
                case STEP_ENTERED, STEP_INVALID, STEP_TIMED_OUT, STEP_LEFT -> {
                    String[] flowAndStep = c.dimension().split("/", 2);
                    String pair = bounded("step", c.dimension());
                    boolean known = !pair.equals(OTHER) && flowAndStep.length == 2;
                    count("flow.steps", "what happened at the steps of flows", c.n(),
                            "flow", known ? flowAndStep[0] : OTHER, "step", known ? flowAndStep[1] : OTHER,
                            "event", event(c.metric()));
                }
                default -> {
                    // a metric added later without a Prometheus name yet
                }
            }
        }
    }

    private static String event(InsightMetric metric) {
        String name = metric.name().toLowerCase(Locale.ROOT);
        return name.substring(name.indexOf('_') + 1);
    }

    /** {@code value}, or {@link #OTHER} once {@code label} has {@link #MAX_LABELS} other values. */
    private String bounded(String label, String value) {
        Set<String> seen = labels.computeIfAbsent(label, k -> ConcurrentHashMap.newKeySet());
        if (seen.contains(value)) {
            return value;
        }
        synchronized (seen) {
            if (seen.size() >= MAX_LABELS) {
                return OTHER;
            }
            seen.add(value);
            return value;
        }
    }

    private void count(String name, String description, long n, String... tags) {
        Counter.builder("parley.insight." + name).description(description).tags(tags).register(registry)
                .increment(n);
    }
}
