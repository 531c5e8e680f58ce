package io.parley.domain.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How long a message's answer may wait for its analysis ({@code PARLEY_ANALYSIS_WAIT}; zero: never), and whether it
 * waits on every channel ({@code PARLEY_ANALYSIS_WAIT_ALWAYS}) or only on channels that sent an analysis within
 * {@link #CHANNEL_SILENCE}.
 */
public record AnalysisWait(Duration upTo, boolean always) {

    /** A channel that sent no analysis for this long is taken not to send any: its messages do not wait. */
    public static final Duration CHANNEL_SILENCE = Duration.ofHours(24);
    /** The longest wait allowed: the customer is waiting too. */
    public static final Duration MAX_WAIT = Duration.ofMinutes(1);
    public static final AnalysisWait DEFAULT = new AnalysisWait(Duration.ofSeconds(5), false);
    public static final AnalysisWait OFF = new AnalysisWait(Duration.ZERO, false);

    public AnalysisWait {
        Objects.requireNonNull(upTo, "upTo");
        if (upTo.isNegative() || upTo.compareTo(MAX_WAIT) > 0) {
            throw new IllegalArgumentException("the wait for an analysis must be 0 to " + MAX_WAIT.toSeconds()
                    + " seconds, not " + upTo);
        }
    }

    public boolean enabled() {
        return !upTo.isZero();
    }

    /**
     * Whether a message to a channel whose last analysis came at {@code lastAnalysisAt} (null: never) may wait.
     */
    public boolean appliesTo(Instant lastAnalysisAt, Instant now) {
        return enabled() && (always || lastAnalysisAt != null && now.isBefore(lastAnalysisAt.plus(CHANNEL_SILENCE)));
    }
}
