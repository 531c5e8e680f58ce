package io.parley.app.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.parley.domain.model.CircuitBreaker;
import io.parley.domain.model.RetryPolicy;
import io.parley.domain.service.DispatchRepliesService;
import java.time.Duration;

/**
 * {@code parley.dispatcher.*} (PARLEY_DISPATCHER_*): how replies are sent. Defaults and a line on each in
 * application.yml; checked at start.
 *
 * @param parallelism    replies sent at the same time (each from another conversation)
 * @param lease          how long a claimed reply is reserved for its dispatcher
 * @param ratePerChannel most messages per second one instance sends on one number
 */
// created at start, so that a setting out of range stops the start instead of a later request
@Context
@ConfigurationProperties("parley.dispatcher")
public record DispatcherSettings(boolean enabled, Duration pollInterval, int batchSize, int parallelism,
                                 Duration lease, double ratePerChannel, Retry retry, Breaker breaker) {

    /** {@code parley.dispatcher.retry.*}: the backoff of transient failures, and when to give up. */
    @ConfigurationProperties("retry")
    public record Retry(Duration initialDelay, Duration maxDelay, Duration maxAge) {
        public Retry {
            Settings.positive(initialDelay, "PARLEY_DISPATCHER_RETRY_INITIAL_DELAY");
            Settings.positive(maxDelay, "PARLEY_DISPATCHER_RETRY_MAX_DELAY");
            Settings.positive(maxAge, "PARLEY_DISPATCHER_RETRY_MAX_AGE");
        }
    }

    /** {@code parley.dispatcher.breaker.*}: transient failures in a row that pause sending, and the longest pause. */
    @ConfigurationProperties("breaker")
    public record Breaker(int threshold, Duration maxPause) {
        public Breaker {
            Settings.atLeast(threshold, 1, "PARLEY_DISPATCHER_BREAKER_THRESHOLD");
            Settings.positive(maxPause, "PARLEY_DISPATCHER_BREAKER_MAX_PAUSE");
        }
    }

    public DispatcherSettings {
        Settings.positive(pollInterval, "PARLEY_DISPATCHER_POLL_INTERVAL");
        Settings.atLeast(batchSize, 1, "PARLEY_DISPATCHER_BATCH_SIZE");
        Settings.atLeast(parallelism, 1, "PARLEY_DISPATCHER_PARALLELISM");
        Settings.positive(lease, "PARLEY_DISPATCHER_LEASE");
        if (!(ratePerChannel > 0)) {
            throw new IllegalArgumentException("PARLEY_DISPATCHER_RATE_PER_CHANNEL must be above 0, not "
                    + ratePerChannel);
        }
        Settings.required(retry, "parley.dispatcher.retry");
        Settings.required(breaker, "parley.dispatcher.breaker");
    }

    DispatchRepliesService.Settings toDomain() {
        return new DispatchRepliesService.Settings(new RetryPolicy(retry.initialDelay(), retry.maxDelay(),
                retry.maxAge()), batchSize, lease, ratePerChannel,
                new CircuitBreaker(breaker.threshold(), Duration.ofSeconds(1), breaker.maxPause()));
    }
}
