package io.parley.domain.service;

import io.parley.domain.model.AnalysisWait;
import io.parley.domain.port.out.ScheduledWorkPort;
import io.parley.domain.port.out.WorkSignal;

/**
 * What holding answers for their analysis needs: how long they may wait, which channels send analyses, and the
 * queue their deadlines go to (the flows' queue) with the signal that wakes its worker.
 */
public record AnalysisWaiting(AnalysisWait policy, AnalysisChannels channels, ScheduledWorkPort work,
                              WorkSignal signal) {

    /** Nothing waits (for tests of other things, and {@code PARLEY_ANALYSIS_WAIT=0s}). */
    public static final AnalysisWaiting NONE = new AnalysisWaiting(AnalysisWait.OFF, null, null, () -> { });

    boolean enabled() {
        return policy.enabled() && work != null;
    }
}
