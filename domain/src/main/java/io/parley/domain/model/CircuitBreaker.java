package io.parley.domain.model;

import java.time.Duration;
import java.time.Instant;

/**
 * Stops the whole dispatcher from hammering a channel that is down: after {@code threshold} transient failures in
 * a row, no message is claimed until a pause has passed, and each further failure doubles the pause (up to
 * {@code maxPause}). A throttling answer with Retry-After pauses at least that long. One success closes it.
 */
public final class CircuitBreaker {

    private final int threshold;
    private final Duration firstPause;
    private final Duration maxPause;
    private int consecutiveFailures;
    private Instant pausedUntil = Instant.EPOCH;

    public CircuitBreaker(int threshold, Duration firstPause, Duration maxPause) {
        this.threshold = threshold;
        this.firstPause = firstPause;
        this.maxPause = maxPause;
    }

    public synchronized boolean allows(Instant now) {
        return !now.isBefore(pausedUntil);
    }

    public synchronized Instant pausedUntil() {
        return pausedUntil;
    }

    public synchronized void success() {
        consecutiveFailures = 0;
        pausedUntil = Instant.EPOCH;
    }

    public synchronized void transientFailure(Instant now, Duration retryAfter) {
        consecutiveFailures++;
        Instant until = pausedUntil;
        if (consecutiveFailures >= threshold) {
            Duration pause = firstPause;
            for (int i = threshold; i < consecutiveFailures && pause.compareTo(maxPause) < 0; i++) {
                pause = pause.multipliedBy(2);
            }
            pause = pause.compareTo(maxPause) > 0 ? maxPause : pause;
            until = later(until, now.plus(pause));
        }
        if (retryAfter != null) {
            until = later(until, now.plus(retryAfter));
        }
        pausedUntil = until;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
