package io.parley.domain.service;

import io.parley.domain.model.Tally;
import io.parley.domain.port.out.InsightMetrics;
import io.parley.domain.port.out.InsightPort;

/**
 * Where the transactions that take in messages, send replies and run flows put what they counted: into the store,
 * as the last write of the transaction (so counts and what they count commit together, and the counters' rows are
 * the last locks a transaction takes), and to the metrics once it committed.
 */
public final class Insight {

    public static final Insight NONE = new Insight(InsightPort.NONE, InsightMetrics.NONE);

    private final InsightPort store;
    private final InsightMetrics metrics;

    public Insight(InsightPort store, InsightMetrics metrics) {
        this.store = store;
        this.metrics = metrics;
    }

    void write(Tally tally) {
        if (!tally.isEmpty()) {
            store.add(tally.counts(), tally.unanswered());
        }
    }

    void report(Tally tally) {
        if (!tally.isEmpty()) {
            metrics.counted(tally);
        }
    }
}
