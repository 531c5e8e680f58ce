package io.parley.domain.service;

import io.parley.domain.port.out.ScheduledWorkPort;
import io.parley.domain.port.out.WorkSignal;

/**
 * What taking in messages needs to run flows: the compiled flows, the queue their timers and calls go to, and the
 * signal that wakes the flow worker.
 */
public record FlowRuntime(FlowCatalog catalog, ScheduledWorkPort work, WorkSignal signal) {

    /** No flows: a FLOW rule answers nothing (for tests of other things). */
    public static final FlowRuntime NONE = new FlowRuntime(null, null, () -> { });

    boolean enabled() {
        return catalog != null;
    }
}
