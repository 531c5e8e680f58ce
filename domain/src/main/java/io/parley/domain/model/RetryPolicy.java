package io.parley.domain.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * When to try a send again after a transient failure: exponential backoff from {@code initialDelay}, capped at
 * {@code maxDelay}, with +-20% jitter so that many retries do not arrive together, never sooner than the channel
 * asked (Retry-After), and not at all once the message is older than {@code maxAge}.
 */
public record RetryPolicy(Duration initialDelay, Duration maxDelay, Duration maxAge) {

    public static final RetryPolicy DEFAULT =
            new RetryPolicy(Duration.ofSeconds(2), Duration.ofMinutes(5), Duration.ofHours(24));

    public RetryPolicy {
        if (initialDelay.isNegative() || initialDelay.isZero() || maxDelay.compareTo(initialDelay) < 0
                || maxAge.isNegative()) {
            throw new IllegalArgumentException("retry policy needs 0 < initialDelay <= maxDelay and maxAge >= 0");
        }
    }

    /**
     * The next attempt time for a message created at {@code createdAt} that failed its {@code attempts}-th attempt
     * at {@code now}, or empty when it should be given up.
     */
    public Optional<Instant> nextAttempt(Instant createdAt, int attempts, Instant now, Duration retryAfter,
                                         DoubleSupplier random) {
        long max = maxDelay.toMillis();
        long backoff = initialDelay.toMillis();
        for (int i = 1; i < attempts && backoff < max; i++) {
            backoff = Math.min(max, backoff * 2);
        }
        long jittered = Math.round(backoff * (0.8 + 0.4 * random.getAsDouble()));
        long wait = Math.max(jittered, retryAfter == null ? 0 : retryAfter.toMillis());
        Instant next = now.plusMillis(wait);
        if (next.isAfter(createdAt.plus(maxAge))) {
            return Optional.empty();
        }
        return Optional.of(next);
    }
}
