package io.parley.domain.port.out;

import io.parley.domain.model.Tally;

/** Insight's counts as whoever watches Parley sees them (Prometheus in the app), once their transaction committed. */
public interface InsightMetrics {

    void counted(Tally tally);

    InsightMetrics NONE = tally -> {
    };
}
