package io.parley.adapters.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.UUID;

@MappedEntity("media_download")
record MediaDownloadEntity(@Id UUID messageId,
                           String mediaId,
                           @Nullable String mimeType,
                           @Nullable String fileName,
                           String status,
                           int attempts,
                           @Nullable Instant nextAttemptAt,
                           @Nullable Instant claimedUntil,
                           @Nullable Long sizeBytes,
                           @Nullable String contentType,
                           @Nullable String error,
                           Instant createdAt) {
}
