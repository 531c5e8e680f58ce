package io.parley.domain.model;

import java.time.Duration;
import java.util.Map;

/**
 * How long customers waited for a first reply, kept as a histogram: the count of waits per bucket, so that hours and
 * channels add up. A percentile is estimated from the buckets (linear within the bucket it falls in), so it is exact
 * to within that bucket's width: a quarter of a second for the waits the bot answers, minutes for long ones.
 */
public final class ResponseTimes {

    /** Upper bounds of the buckets, in milliseconds; a last bucket holds everything longer ({@link #OVER}). */
    static final long[] BOUNDS = {250, 500, 1_000, 2_000, 3_000, 5_000, 10_000, 20_000, 30_000, 60_000, 120_000,
            300_000, 600_000, 1_200_000, 1_800_000, 3_600_000, 7_200_000, 14_400_000, 28_800_000, 86_400_000};

    /** The dimension of the last bucket: a day or more. */
    public static final String OVER = "inf";

    private ResponseTimes() {
    }

    /** The bucket {@code waited} falls in, as it is stored (its upper bound in milliseconds, or {@link #OVER}). */
    public static String bucket(Duration waited) {
        long ms = Math.max(0, waited.toMillis());
        for (long bound : BOUNDS) {
            if (ms <= bound) {
                return Long.toString(bound);
            }
        }
        return OVER;
    }

    /** The buckets' upper bounds in seconds (the last, open bucket has none). */
    public static double[] boundsInSeconds() {
        double[] seconds = new double[BOUNDS.length];
        for (int i = 0; i < BOUNDS.length; i++) {
            seconds[i] = BOUNDS[i] / 1000.0;
        }
        return seconds;
    }

    /** The upper bound of a stored bucket in seconds; two days for the last, open one (or one not known). */
    public static double upperBoundSeconds(String bucket) {
        try {
            return Long.parseLong(bucket) / 1000.0;
        } catch (NumberFormatException e) {
            return 2 * 86_400;
        }
    }

    /**
     * The {@code q}-quantile (0 to 1) of the waits in {@code counts} (bucket to count), in seconds; null when there
     * are none. A quantile in the last bucket is given as its lower bound (a day).
     */
    public static Double quantile(Map<String, Long> counts, double q) {
        long total = counts.getOrDefault(OVER, 0L);
        for (long bound : BOUNDS) {
            total += counts.getOrDefault(Long.toString(bound), 0L);
        }
        if (total == 0) {
            return null;
        }
        double rank = q * total;
        long below = 0;
        long lower = 0;
        for (long bound : BOUNDS) {
            long n = counts.getOrDefault(Long.toString(bound), 0L);
            if (n > 0 && below + n >= rank) {
                double within = (rank - below) / n;
                return (lower + within * (bound - lower)) / 1000.0;
            }
            below += n;
            lower = bound;
        }
        return lower / 1000.0;
    }
}
