package io.parley.adapters.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.UUID;

/** A row of {@code message}: inbound rows leave the outbound columns null. */
@MappedEntity("message")
record MessageEntity(@Id UUID id,
                     UUID conversationId,
                     String direction,
                     @Nullable String eventId,
                     @Nullable String text,
                     @Nullable Instant receivedAt,
                     Instant createdAt,
                     @Nullable String channelId,
                     @Nullable String recipientId,
                     @Nullable UUID inReplyTo,
                     @Nullable Long ruleId,
                     @Nullable String contentType,
                     @Nullable String mediaUrl,
                     @Nullable String templateName,
                     @Nullable String templateLanguage,
                     @Nullable String templateParameters,
                     @Nullable String status,
                     @Nullable String acsMessageId,
                     @Nullable String errorCode,
                     @Nullable String errorMessage,
                     int attempts,
                     @Nullable Instant nextAttemptAt,
                     @Nullable Instant firstAttemptAt,
                     @Nullable Instant statusUpdatedAt,
                     @Nullable String kind,
                     @Nullable String channelMessageId,
                     @Nullable String details,
                     @Nullable String origin,
                     @Nullable UUID replaces,
                     @Nullable Instant windowStartedAt,
                     boolean outcomeUncertain,
                     @Nullable String answerHold,
                     @Nullable String sentBy,
                     @Nullable String answer) {
}
