package io.parley.domain.service;

import io.parley.domain.port.out.WorkSignal;
import java.util.ArrayList;
import java.util.List;

/**
 * The work signals a transaction owes once it has committed. Signalling earlier would wake a worker that cannot
 * see the work yet, and it would go back to sleep until its next poll.
 */
final class AfterCommit {

    private final List<WorkSignal> signals = new ArrayList<>(2);

    void signal(WorkSignal signal) {
        for (WorkSignal known : signals) {
            if (known == signal) {
                return;
            }
        }
        signals.add(signal);
    }

    void run() {
        signals.forEach(WorkSignal::workQueued);
    }
}
