package io.parley.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy =
            new RetryPolicy(Duration.ofSeconds(2), Duration.ofMinutes(5), Duration.ofHours(24));
    private final Instant created = Instant.parse("2026-01-01T00:00:00Z");

    private long delaySeconds(int attempts, double random, Duration retryAfter) {
        Instant now = created.plusSeconds(10);
        return Duration.between(now, policy.nextAttempt(created, attempts, now, retryAfter, () -> random)
                .orElseThrow()).toSeconds();
    }

    @Test
    void backsOffExponentiallyUpToTheCap() {
        assertEquals(2, delaySeconds(1, 0.5, null));
        assertEquals(4, delaySeconds(2, 0.5, null));
        assertEquals(8, delaySeconds(3, 0.5, null));
        assertEquals(300, delaySeconds(20, 0.5, null));
        assertEquals(300, delaySeconds(Integer.MAX_VALUE, 0.5, null));
    }

    @Test
    void jitterStaysWithinTwentyPercent() {
        // the third attempt's base delay is 8 s: jitter keeps it within 6.4 s .. 9.6 s
        assertEquals(6, delaySeconds(3, 0.0, null));
        assertEquals(9, delaySeconds(3, 0.999, null));
    }

    @Test
    void neverSoonerThanRetryAfter() {
        assertEquals(30, delaySeconds(1, 0.5, Duration.ofSeconds(30)));
    }

    @Test
    void givesUpPastTheMaximumAge() {
        Instant now = created.plus(Duration.ofHours(24)).minusSeconds(1);
        assertEquals(Optional.empty(), policy.nextAttempt(created, 3, now, null, () -> 0.5));
    }
}
