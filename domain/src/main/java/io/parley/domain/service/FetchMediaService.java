package io.parley.domain.service;

import io.parley.domain.model.MediaDownload;
import io.parley.domain.model.RetryPolicy;
import io.parley.domain.port.in.FetchMediaUseCase;
import io.parley.domain.port.out.MediaDownloadPort;
import io.parley.domain.port.out.MediaDownloader;
import io.parley.domain.port.out.MediaStorePort;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;

/**
 * Claims pending media downloads, fetches each through the {@link MediaDownloader} with a size cap, keeps the bytes
 * in the {@link MediaStorePort} and records the outcome: transient failures are retried with backoff until the
 * retry policy gives up, permanent ones (not found, too large) fail at once.
 */
public final class FetchMediaService implements FetchMediaUseCase {

    private static final Logger LOG = Logger.getLogger(FetchMediaService.class.getName());

    private final MediaDownloadPort downloads;
    private final MediaDownloader downloader;
    private final MediaStorePort store;
    private final RetryPolicy retryPolicy;
    private final long maxBytes;
    private final Clock clock;

    public FetchMediaService(MediaDownloadPort downloads, MediaDownloader downloader, MediaStorePort store,
                             RetryPolicy retryPolicy, long maxBytes, Clock clock) {
        this.downloads = downloads;
        this.downloader = downloader;
        this.store = store;
        this.retryPolicy = retryPolicy;
        this.maxBytes = maxBytes;
        this.clock = clock;
    }

    @Override
    public int fetchDue() {
        List<MediaDownload> claimed = downloads.claimDueDownloads(clock.instant(), 10, Duration.ofMinutes(5));
        for (MediaDownload download : claimed) {
            downloads.recordAttempt(fetch(download));
        }
        return claimed.size();
    }

    private MediaDownload fetch(MediaDownload download) {
        try {
            MediaDownloader.Downloaded media = downloader.download(download.mediaId(), maxBytes);
            if (media.bytes().length > maxBytes) {
                return download.failed("media is " + media.bytes().length + " bytes; the limit is " + maxBytes);
            }
            store.store(download.messageId(), media.bytes());
            String type = media.contentType() == null || media.contentType().isBlank()
                    ? download.mimeType() : media.contentType();
            return download.stored(media.bytes().length, type);
        } catch (MediaDownloader.MediaDownloadException e) {
            return e.isTransient() ? retryOrFail(download, e.getMessage()) : download.failed(e.getMessage());
        } catch (IOException e) {
            return retryOrFail(download, "could not store the media: " + e.getMessage());
        } catch (RuntimeException e) {
            return retryOrFail(download, "unexpected: " + e);
        }
    }

    private MediaDownload retryOrFail(MediaDownload download, String problem) {
        Instant now = clock.instant();
        Optional<Instant> next = retryPolicy.nextAttempt(download.createdAt(), download.attempts() + 1, now, null,
                () -> ThreadLocalRandom.current().nextDouble());
        if (next.isEmpty()) {
            LOG.warning(() -> "gave up downloading media " + download.mediaId() + ": " + problem);
            return download.failed("gave up retrying: " + problem);
        }
        return download.retryAt(next.get(), problem);
    }
}
