package io.parley.domain.model;

import java.time.Duration;
import java.time.Instant;

/**
 * Where an outbound message stands with the channel: how often it was handed over, when it may be next, and the
 * repeatability window of the current attempts.
 *
 * @param count           how many times it was handed to the sender
 * @param nextAt          when the dispatcher may take it (again); null once it left the outbox
 * @param firstAt         when it was first handed to the sender
 * @param windowStartedAt the repeatability-first-sent of the current attempts: the channel recognises a repeated
 *                        request only within its repeatability window of this time ({@link ChannelPolicy})
 * @param uncertain       true once an attempt may have reached the channel without Parley learning the answer (a
 *                        timeout after sending): then only a repeat inside the window is safe
 */
public record DeliveryAttempts(int count, Instant nextAt, Instant firstAt, Instant windowStartedAt,
                               boolean uncertain) {

    /** None yet, due at {@code dueAt}. */
    public static DeliveryAttempts none(Instant dueAt) {
        return new DeliveryAttempts(0, dueAt, null, null, false);
    }

    /**
     * One more attempt at {@code now}. The window starts with the first attempt; once it has passed, a new one
     * starts, but only if no earlier attempt may have reached the channel.
     *
     * @throws IllegalStateException when the window passed after an uncertain attempt: a resend could deliver twice
     */
    public DeliveryAttempts next(Instant now, Duration repeatabilityWindow) {
        Instant window = windowStartedAt;
        if (window == null || !now.isBefore(window.plus(repeatabilityWindow))) {
            if (window != null && uncertain) {
                throw new IllegalStateException("repeatability window passed after an uncertain attempt");
            }
            window = now;
        }
        return new DeliveryAttempts(count + 1, nextAt, firstAt == null ? now : firstAt, window, uncertain);
    }

    /** True when another attempt at {@code now} would be outside the window of an uncertain earlier attempt. */
    public boolean unsafeToRepeat(Instant now, Duration repeatabilityWindow) {
        return uncertain && windowStartedAt != null && !now.isBefore(windowStartedAt.plus(repeatabilityWindow));
    }

    /** Waiting for another attempt at {@code next}; {@code uncertainNow} when the last one may have got through. */
    public DeliveryAttempts retryAt(Instant next, boolean uncertainNow) {
        return new DeliveryAttempts(count, next, firstAt, windowStartedAt, uncertain || uncertainNow);
    }

    /** Out of the outbox: no next attempt. */
    public DeliveryAttempts done() {
        return new DeliveryAttempts(count, null, firstAt, windowStartedAt, uncertain);
    }
}
