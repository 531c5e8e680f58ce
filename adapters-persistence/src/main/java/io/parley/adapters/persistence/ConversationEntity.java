package io.parley.adapters.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;
import java.time.Instant;
import java.util.UUID;

/**
 * A row of {@code conversation}. {@code recentRuleReplies} holds the times of the latest rule replies as
 * comma-separated epoch milliseconds (at most as many as the flood guard needs); {@code lastOffer} the options last
 * offered as JSON ({@link OfferJson}).
 */
@MappedEntity("conversation")
record ConversationEntity(@Id UUID id, String channelId, String customerId, Instant createdAt,
                          Instant lastMessageAt, @Nullable Instant lastInboundAt, @Nullable Instant botPausedUntil,
                          @Nullable String botPausedReason, @Nullable String lastTextKey,
                          @MappedProperty("same_text_in_a_row") int sameTextInARow,
                          @Nullable String recentRuleReplies, @Nullable String lastOffer,
                          @Nullable String flowSession, @Nullable String heldMessages,
                          @Nullable Instant optedOutAt, @Nullable Instant awaitingReplySince) {
}
