package io.parley.app.dispatch;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import io.parley.domain.port.in.PurgeOldDataUseCase;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the retention purge every {@code parley.retention.interval}; several instances may run it, deletes are idempotent. */
@Singleton
@Requires(property = "parley.retention.enabled", notEquals = "false")
class RetentionJob {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);

    private final PurgeOldDataUseCase purge;

    RetentionJob(PurgeOldDataUseCase purge) {
        this.purge = purge;
    }

    @Scheduled(fixedDelay = "${parley.retention.interval:1h}", initialDelay = "${parley.retention.initial-delay:2m}")
    void run() {
        try {
            purge.purge();
        } catch (RuntimeException | Error e) {
            // a scheduled task that throws is never run again: catch everything, log the trace
            LOG.warn("retention purge failed, next try at the next interval", e);
        }
    }
}
