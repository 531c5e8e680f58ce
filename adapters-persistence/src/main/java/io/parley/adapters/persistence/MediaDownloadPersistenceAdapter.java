package io.parley.adapters.persistence;

import io.micronaut.transaction.TransactionOperations;
import io.parley.domain.model.MediaDownload;
import io.parley.domain.port.out.MediaDownloadPort;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@Singleton
class MediaDownloadPersistenceAdapter implements MediaDownloadPort {

    private final MediaDownloadRepository downloads;
    private final TransactionOperations<Connection> transactions;

    MediaDownloadPersistenceAdapter(MediaDownloadRepository downloads, TransactionOperations<Connection> transactions) {
        this.downloads = downloads;
        this.transactions = transactions;
    }

    @Override
    public void enqueueAll(List<MediaDownload> queued) {
        downloads.saveAll(queued.stream().map(d -> new MediaDownloadEntity(d.messageId(), d.mediaId(), d.mimeType(),
                d.fileName(), d.status().name(), d.attempts(), d.nextAttemptAt(), null, d.sizeBytes(),
                d.contentType(), d.error(), d.createdAt())).toList());
    }

    @Override
    public List<MediaDownload> claimDueDownloads(Instant now, int max, Duration lease) {
        return transactions.executeWrite(status -> {
            List<MediaDownloadEntity> due = downloads.lockDue(now, max);
            if (!due.isEmpty()) {
                downloads.claim(due.stream().map(MediaDownloadEntity::messageId).toList(), now.plus(lease));
            }
            return due.stream().map(MediaDownloadPersistenceAdapter::toDomain).toList();
        });
    }

    @Override
    public void recordAttempt(MediaDownload d) {
        transactions.executeWrite(status -> downloads.recordAttempt(d.messageId(), d.status().name(), d.attempts(),
                d.nextAttemptAt(), d.sizeBytes(), d.contentType(),
                Rows.truncate(d.error(), 2000)));
    }

    @Override
    public Optional<MediaDownload> findDownload(UUID messageId) {
        return downloads.findById(messageId).map(MediaDownloadPersistenceAdapter::toDomain);
    }

    private static MediaDownload toDomain(MediaDownloadEntity e) {
        return new MediaDownload(e.messageId(), e.mediaId(), e.mimeType(), e.fileName(),
                MediaDownload.Status.valueOf(e.status()), e.attempts(), e.nextAttemptAt(), e.sizeBytes(),
                e.contentType(), e.error(), e.createdAt());
    }
}
