package io.parley.domain.service;

import io.parley.domain.model.Tally;
import io.parley.domain.port.out.WorkSignal;
import java.util.ArrayList;
import java.util.List;

/**
 * What a transaction owes at its end: the counts it gathered for insight, written last inside it
 * ({@link #beforeCommit}), and the work signals and metrics it owes once it has committed ({@link #afterCommit}).
 * Signalling earlier would wake a worker that cannot see the work yet, and it would go back to sleep until its next
 * poll. A transaction run again after a conflict starts with a new one.
 */
final class TransactionEnd {

    private final Insight insight;
    private final Tally tally = new Tally();
    private final List<WorkSignal> signals = new ArrayList<>(2);

    TransactionEnd(Insight insight) {
        this.insight = insight;
    }

    /** What the transaction counts for insight. */
    Tally tally() {
        return tally;
    }

    void signal(WorkSignal signal) {
        for (WorkSignal known : signals) {
            if (known == signal) {
                return;
            }
        }
        signals.add(signal);
    }

    /** Inside the transaction, as its last write. */
    void beforeCommit() {
        insight.write(tally);
    }

    void afterCommit() {
        signals.forEach(WorkSignal::workQueued);
        insight.report(tally);
    }
}
