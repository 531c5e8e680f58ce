package io.parley.domain.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.domain.fakes.InMemoryStoreFake;
import io.parley.domain.fakes.MutableClock;
import io.parley.domain.model.InboundContent;
import io.parley.domain.model.MediaDownload;
import io.parley.domain.model.RetryPolicy;
import io.parley.domain.port.out.MediaDownloader;
import io.parley.domain.port.out.MediaStorePort;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FetchMediaServiceTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
    private final InMemoryStoreFake queue = new InMemoryStoreFake();
    private final Map<UUID, byte[]> files = new HashMap<>();
    private final Deque<Object> answers = new ArrayDeque<>();
    private int downloads;

    private final MediaDownloader downloader = (mediaId, maxBytes) -> {
        downloads++;
        Object next = answers.poll();
        if (next instanceof MediaDownloader.MediaDownloadException e) {
            throw e;
        }
        return (MediaDownloader.Downloaded) next;
    };
    private final MediaStorePort store = new MediaStorePort() {
        @Override
        public void store(UUID messageId, byte[] bytes) {
            files.put(messageId, bytes);
        }

        @Override
        public void delete(UUID messageId) {
            files.remove(messageId);
        }

        @Override
        public Optional<InputStream> open(UUID messageId) {
            return Optional.ofNullable(files.get(messageId)).map(ByteArrayInputStream::new);
        }
    };
    private final FetchMediaService fetcher = new FetchMediaService(queue, downloader, store,
            new RetryPolicy(Duration.ofSeconds(2), Duration.ofMinutes(5), Duration.ofHours(1)), 1000, clock);

    private UUID queued() {
        UUID id = UUID.randomUUID();
        queue.enqueue(MediaDownload.pending(id, new InboundContent.Media("m-" + id, "image/png", "a.png", null,
                null), clock.instant()));
        return id;
    }

    @Test
    void downloadsAndStoresTheBytes() {
        UUID id = queued();
        answers.add(new MediaDownloader.Downloaded(new byte[] {1, 2, 3}, "image/png"));
        assertEquals(1, fetcher.fetchDue());
        assertArrayEquals(new byte[] {1, 2, 3}, files.get(id));
        MediaDownload done = queue.mediaDownloads.get(id);
        assertEquals(MediaDownload.Status.STORED, done.status());
        assertEquals(3L, done.sizeBytes());
        assertEquals(0, fetcher.fetchDue(), "nothing left");
    }

    @Test
    void transientFailuresAreRetriedWithBackoff() {
        UUID id = queued();
        answers.add(new MediaDownloader.MediaDownloadException(true, "503 busy", null));
        answers.add(new MediaDownloader.Downloaded(new byte[] {9}, null));
        fetcher.fetchDue();
        assertEquals(MediaDownload.Status.PENDING, queue.mediaDownloads.get(id).status());
        assertEquals("503 busy", queue.mediaDownloads.get(id).error());
        assertEquals(0, fetcher.fetchDue(), "not due before its backoff");
        clock.advance(Duration.ofSeconds(5));
        fetcher.fetchDue();
        assertEquals(MediaDownload.Status.STORED, queue.mediaDownloads.get(id).status());
        assertEquals("image/png", queue.mediaDownloads.get(id).contentType(), "falls back to the event's type");
        assertEquals(2, downloads);
    }

    @Test
    void permanentFailuresAndOversizedMediaFailAtOnce() {
        UUID missing = queued();
        answers.add(new MediaDownloader.MediaDownloadException(false, "404 not found", null));
        fetcher.fetchDue();
        assertEquals(MediaDownload.Status.FAILED, queue.mediaDownloads.get(missing).status());

        UUID huge = queued();
        answers.add(new MediaDownloader.Downloaded(new byte[1001], "image/png"));
        fetcher.fetchDue();
        assertEquals(MediaDownload.Status.FAILED, queue.mediaDownloads.get(huge).status());
        assertTrue(queue.mediaDownloads.get(huge).error().contains("limit"));
        assertTrue(files.isEmpty());
    }

    @Test
    void givesUpAfterTheRetryPolicysMaximumAge() {
        UUID id = queued();
        for (int i = 0; i < 100; i++) {
            answers.add(new MediaDownloader.MediaDownloadException(true, "timeout", null));
        }
        for (int i = 0; i < 100 && queue.mediaDownloads.get(id).status() == MediaDownload.Status.PENDING; i++) {
            clock.advance(Duration.ofMinutes(6));
            fetcher.fetchDue();
        }
        assertEquals(MediaDownload.Status.FAILED, queue.mediaDownloads.get(id).status());
    }
}
