package io.parley.domain.port.out;

import io.parley.domain.model.InsightMetric;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Reads of what insight kept: the counts of hours (from {@code from}, inclusive, to {@code to}, exclusive; whole
 * hours), of one channel or of all ({@code channelId} null), and the unanswered texts.
 */
public interface InsightQueries {

    /** The counts of {@code metrics}, added up over the range, per metric and dimension. */
    List<Total> totals(Instant from, Instant to, String channelId, Set<InsightMetric> metrics);

    /** The counts of {@code metrics} per hour, metric and dimension (hours with none are left out). */
    List<HourTotal> hourly(Instant from, Instant to, String channelId, Set<InsightMetric> metrics);

    /**
     * The texts only a fallback or nothing answered, grouped by their key: the {@code limit} groups with the most
     * messages, most first (ties: the most recent first).
     */
    List<UnansweredGroup> unanswered(Instant from, Instant to, String channelId, int limit);

    record Total(InsightMetric metric, String dimension, long n) {
    }

    record HourTotal(Instant hour, InsightMetric metric, String dimension, long n) {
    }

    /**
     * @param text       the group's latest text, as the customer wrote it
     * @param byFallback how many of them a fallback answered (the others nothing)
     */
    record UnansweredGroup(String key, String text, long count, long byFallback, Instant lastAt) {
    }
}
