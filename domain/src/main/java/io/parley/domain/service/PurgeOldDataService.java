package io.parley.domain.service;

import io.parley.domain.port.in.PurgeOldDataUseCase;
import io.parley.domain.port.out.MediaStorePort;
import io.parley.domain.port.out.RetentionPort;
import io.parley.domain.port.out.TransactionPort;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Purges in batches, each in its own transaction, so that a large backlog never holds long locks; media files go
 * after their rows are gone (a file without a row is harmless, a row without its file is not).
 */
public final class PurgeOldDataService implements PurgeOldDataUseCase {

    private static final Logger LOG = Logger.getLogger(PurgeOldDataService.class.getName());
    private static final int BATCH = 500;

    /** How long each kind of data is kept. */
    public record Ages(Duration messages, Duration deadLetters, Duration events, Duration audit,
                       Duration insightCounts) {

        /** The audit log kept for a year, insight's counts for two. */
        public Ages(Duration messages, Duration deadLetters, Duration events) {
            this(messages, deadLetters, events, Duration.ofDays(365), Duration.ofDays(800));
        }
    }

    private final TransactionPort transactions;
    private final RetentionPort retention;
    private final MediaStorePort media;
    private final Ages ages;
    private final Clock clock;

    public PurgeOldDataService(TransactionPort transactions, RetentionPort retention, MediaStorePort media, Ages ages,
                               Clock clock) {
        this.transactions = transactions;
        this.retention = retention;
        this.media = media;
        this.ages = ages;
        this.clock = clock;
    }

    @Override
    public Purged purge() {
        Instant now = clock.instant();
        int messages = 0;
        List<UUID> batch;
        do {
            batch = transactions.inTransaction(() -> retention.messagesBefore(now.minus(ages.messages()), BATCH));
            if (!batch.isEmpty()) {
                List<UUID> ids = batch;
                messages += transactions.inTransaction(() -> retention.deleteMessages(ids));
                for (UUID id : ids) {
                    try {
                        media.delete(id);
                    } catch (IOException e) {
                        LOG.warning(() -> "could not delete the media file of message " + id + ": " + e);
                    }
                }
            }
        } while (batch.size() == BATCH);
        int deadLetters = drain(() -> retention.deleteDeadLettersBefore(now.minus(ages.deadLetters()), BATCH));
        int events = drain(() -> retention.deleteEventsBefore(now.minus(ages.events()), BATCH));
        int audit = drain(() -> retention.deleteAuditBefore(now.minus(ages.audit()), BATCH));
        int counts = drain(() -> retention.deleteInsightCountsBefore(now.minus(ages.insightCounts()), BATCH));
        Purged purged = new Purged(messages, deadLetters, events, audit, counts);
        if (messages + deadLetters + events + audit + counts > 0) {
            LOG.info(() -> "retention purged " + purged);
        }
        return purged;
    }

    private int drain(java.util.function.IntSupplier step) {
        int total = 0;
        int deleted;
        do {
            deleted = transactions.inTransaction(step::getAsInt);
            total += deleted;
            // a step may purge several tables, each up to a batch: a full batch in any of them means more may wait
        } while (deleted >= BATCH);
        return total;
    }
}
