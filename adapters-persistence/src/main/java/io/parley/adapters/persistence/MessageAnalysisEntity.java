package io.parley.adapters.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.UUID;

@MappedEntity("message_analysis")
record MessageAnalysisEntity(@Id @GeneratedValue @Nullable Long id,
                             String eventId,
                             String channelId,
                             String customerId,
                             @Nullable UUID conversationId,
                             @Nullable UUID messageId,
                             @Nullable String originalMessage,
                             @Nullable String language,
                             @Nullable Double confidence,
                             @Nullable String translation,
                             @Nullable String intent,
                             @Nullable String keyPhrases,
                             @Nullable Instant receivedAt,
                             Instant recordedAt) {
}
