package io.parley.adapters.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.parley.domain.model.HeldMessage;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The messages of a conversation whose answers wait, as stored in {@code conversation.held_messages}, oldest first
 * (the option a message picked is stored with the message itself).
 */
@Serdeable
record HeldMessagesJson(List<Held> held) {

    @Serdeable
    record Held(UUID messageId, Instant takenInAt, Instant deadline, boolean firstMessage,
                @Nullable Instant previousInboundAt) {
    }

    static HeldMessagesJson of(List<HeldMessage> held) {
        return new HeldMessagesJson(held.stream().map(h -> new Held(h.messageId(), h.takenInAt(), h.deadline(),
                h.firstMessage(), h.previousInboundAt())).toList());
    }

    List<HeldMessage> toDomain() {
        return held == null ? List.of() : held.stream().map(h -> new HeldMessage(h.messageId(), h.takenInAt(),
                h.deadline(), h.firstMessage(), h.previousInboundAt(), null)).toList();
    }
}
