package io.parley.app.config;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.parley.domain.model.DeliveryStatus;
import io.parley.domain.model.MessageOrigin;
import io.parley.domain.port.out.DeliveryMetrics;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The outbox's numbers for Prometheus: {@code parley_replies_queued_total{origin}},
 * {@code parley_replies_sent_total{outcome}}, {@code parley_dispatcher_lag_seconds} (how long due replies waited
 * for a sender), {@code parley_status_reports_total{status,applied}} and {@code parley_answers_held_total{outcome}}
 * (answers that waited for their analysis: {@code waiting} when one starts to wait, then {@code analysed},
 * {@code timed_out} or {@code in_turn} when it is decided).
 */
@Singleton
class MicrometerDeliveryMetrics implements DeliveryMetrics {

    private final MeterRegistry registry;
    private final Timer lag;
    /**
     * Each counter once registered, by its name and tag values: building and registering one on every call cost
     * about 5 % of a sender thread (JFR, issue #22); the tags here come from enums and fixed words, so few are made.
     */
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    MicrometerDeliveryMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.lag = Timer.builder("parley.dispatcher.lag")
                .description("time a due reply waited before its send attempt")
                .publishPercentiles(0.5, 0.95, 0.99)
                .register(registry);
    }

    @Override
    public void replyQueued(MessageOrigin origin) {
        counters.computeIfAbsent("queued " + origin.name(), key -> Counter.builder("parley.replies.queued")
                .description("replies put in the outbox")
                .tag("origin", origin.name().toLowerCase(Locale.ROOT)).register(registry)).increment();
    }

    @Override
    public void sendFinished(String outcome, Duration waited) {
        counters.computeIfAbsent("sent " + outcome, key -> Counter.builder("parley.replies.sent")
                .description("send attempts by outcome: accepted, retry, failed")
                .tag("outcome", outcome).register(registry)).increment();
        lag.record(waited.isNegative() ? Duration.ZERO : waited);
    }

    @Override
    public void answerHeld(io.parley.domain.model.AnswerHold outcome) {
        counters.computeIfAbsent("held " + outcome.name(), key -> Counter.builder("parley.answers.held")
                .description("answers that waited for their message's analysis")
                .tag("outcome", outcome.name().toLowerCase(Locale.ROOT)).register(registry)).increment();
    }

    @Override
    public void statusReported(DeliveryStatus status, boolean applied) {
        counters.computeIfAbsent("status " + status.name() + " " + applied,
                key -> Counter.builder("parley.status.reports").description("delivery statuses reported by the channel")
                        .tag("status", status.name().toLowerCase(Locale.ROOT)).tag("applied", String.valueOf(applied))
                        .register(registry)).increment();
    }
}
