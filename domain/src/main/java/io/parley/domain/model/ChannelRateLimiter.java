package io.parley.domain.model;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Spaces sends per business channel so that one instance never exceeds {@code perSecond} messages a second on a
 * number (WhatsApp's default throughput is 80 messages/s per number). Each call reserves the next free slot of
 * the channel and says how long to wait for it. Thread-safe.
 */
public final class ChannelRateLimiter {

    private final long intervalNanos;
    private final Map<String, Instant> nextFree = new HashMap<>();

    public ChannelRateLimiter(double perSecond) {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("the rate must be positive");
        }
        this.intervalNanos = Math.max(1, Math.round(1_000_000_000d / perSecond));
    }

    /** Reserves a send slot on {@code channelId} and returns how long to wait before using it. */
    public synchronized Duration reserve(String channelId, Instant now) {
        Instant free = nextFree.getOrDefault(channelId, now);
        Instant slot = free.isBefore(now) ? now : free;
        nextFree.put(channelId, slot.plusNanos(intervalNanos));
        return Duration.between(now, slot);
    }
}
