package io.parley.domain.port.out;

import io.parley.domain.model.MediaDownload;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The queue of media downloads, and their outcome. */
public interface MediaDownloadPort {

    /** Queues downloads in the current transaction. */
    void enqueueAll(List<MediaDownload> downloads);

    default void enqueue(MediaDownload download) {
        enqueueAll(List.of(download));
    }

    /** Claims up to {@code max} due pending downloads for {@code lease}; commits the claim before returning. */
    List<MediaDownload> claimDueDownloads(Instant now, int max, Duration lease);

    /** Records the outcome of an attempt and gives up the claim. */
    void recordAttempt(MediaDownload download);

    Optional<MediaDownload> findDownload(UUID messageId);
}
