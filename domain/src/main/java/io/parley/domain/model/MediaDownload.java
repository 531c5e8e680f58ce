package io.parley.domain.model;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The job of fetching the bytes of media a customer sent: queued with the message, done off the webhook request by
 * the media fetcher, retried on transient failures.
 *
 * @param messageId the inbound message the media belongs to (also the media's id in Parley's API)
 * @param mediaId   the channel's media id, to download it with
 */
public record MediaDownload(UUID messageId, String mediaId, String mimeType, String fileName, Status status,
                            int attempts, Instant nextAttemptAt, Long sizeBytes, String contentType, String error,
                            Instant createdAt) {

    public enum Status {
        PENDING,
        STORED,
        FAILED
    }

    public MediaDownload {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(mediaId, "mediaId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public static MediaDownload pending(UUID messageId, InboundContent.Media media, Instant now) {
        return new MediaDownload(messageId, media.id(), media.mimeType(), media.fileName(), Status.PENDING, 0, now,
                null, null, null, now);
    }

    public MediaDownload stored(long size, String storedContentType) {
        return new MediaDownload(messageId, mediaId, mimeType, fileName, Status.STORED, attempts + 1, null, size,
                storedContentType, null, createdAt);
    }

    public MediaDownload retryAt(Instant next, String problem) {
        return new MediaDownload(messageId, mediaId, mimeType, fileName, Status.PENDING, attempts + 1, next, null,
                null, problem, createdAt);
    }

    public MediaDownload failed(String problem) {
        return new MediaDownload(messageId, mediaId, mimeType, fileName, Status.FAILED, attempts + 1, null, null,
                null, problem, createdAt);
    }
}
