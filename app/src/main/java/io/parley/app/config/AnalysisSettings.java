package io.parley.app.config;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.parley.domain.model.AnalysisWait;
import java.time.Duration;

/**
 * {@code parley.analysis.*}: how long an answer waits for its message's analysis ({@code PARLEY_ANALYSIS_WAIT},
 * {@code 0s} never) and whether on every channel ({@code PARLEY_ANALYSIS_WAIT_ALWAYS}). Defaults in application.yml.
 * (A class, not a record: {@code wait} cannot name a record component.)
 */
// created at start, so that a setting out of range stops the start instead of a later request
@Context
public final class AnalysisSettings {

    private final AnalysisWait policy;

    AnalysisSettings(@Value("${parley.analysis.wait}") Duration wait,
                     @Value("${parley.analysis.wait-always:false}") boolean always) {
        Settings.required(wait, "PARLEY_ANALYSIS_WAIT");
        if (wait.isNegative() || wait.compareTo(AnalysisWait.MAX_WAIT) > 0) {
            throw new IllegalArgumentException("PARLEY_ANALYSIS_WAIT must be 0s (never wait) to "
                    + AnalysisWait.MAX_WAIT.toSeconds() + "s, not " + wait);
        }
        this.policy = new AnalysisWait(wait, always);
    }

    public AnalysisWait toDomain() {
        return policy;
    }

    /** True when answers may wait: the worker that runs their deadlines must run then. */
    public boolean enabled() {
        return policy.enabled();
    }
}
