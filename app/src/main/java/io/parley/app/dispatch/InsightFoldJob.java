package io.parley.app.dispatch;

import io.micronaut.scheduling.annotation.Scheduled;
import io.parley.domain.port.out.InsightPort;
import io.parley.domain.port.out.TransactionPort;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds what transactions counted for insight into the hourly totals every {@code parley.insight.fold-interval}, a
 * batch per transaction, until nothing is left; every instance runs it, each takes other counts. Reads add what is
 * not folded yet, so the interval decides only how many rows a read adds up, never what it answers.
 */
@Singleton
class InsightFoldJob {

    private static final Logger LOG = LoggerFactory.getLogger(InsightFoldJob.class);
    static final int BATCH = 5_000;

    private final TransactionPort transactions;
    private final InsightPort insight;

    InsightFoldJob(TransactionPort transactions, InsightPort insight) {
        this.transactions = transactions;
        this.insight = insight;
    }

    @Scheduled(fixedDelay = "${parley.insight.fold-interval:2s}", initialDelay = "${parley.insight.fold-interval:2s}")
    void run() {
        try {
            int folded;
            do {
                folded = transactions.inTransactionRetryingConflicts(3, () -> insight.fold(BATCH));
            } while (folded == BATCH);
        } catch (RuntimeException | Error e) {
            // a scheduled task that throws is never run again: catch everything, log the trace
            LOG.warn("folding insight's counts failed; next try at the next interval", e);
        }
    }
}
