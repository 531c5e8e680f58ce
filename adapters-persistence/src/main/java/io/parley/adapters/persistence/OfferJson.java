package io.parley.adapters.persistence;

import io.micronaut.serde.annotation.Serdeable;
import io.parley.domain.model.Offer;
import io.parley.domain.model.ReplyType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A conversation's last offer as stored in {@code conversation.last_offer}. */
@Serdeable
record OfferJson(UUID messageId, String kind, boolean numbered, List<InteractiveJson.Option> options,
                 Instant offeredAt) {

    static OfferJson of(Offer o) {
        return new OfferJson(o.messageId(), o.kind().name(), o.numbered(),
                o.options().stream().map(InteractiveJson.Option::of).toList(), o.offeredAt());
    }

    Offer toDomain() {
        return new Offer(messageId, ReplyType.valueOf(kind), numbered,
                options.stream().map(InteractiveJson.Option::toDomain).toList(), offeredAt);
    }
}
