package io.parley.adapters.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.UUID;

@MappedEntity("conversation")
record ConversationEntity(@Id UUID id, String channelId, String customerId, Instant createdAt,
                          Instant lastMessageAt, @Nullable Instant lastInboundAt, @Nullable Instant botPausedUntil,
                          @Nullable String botPausedReason) {
}
