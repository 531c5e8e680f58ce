package io.parley.app.admin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.parley.domain.model.InboundMessage;
import io.parley.domain.model.Message;
import io.parley.domain.model.OutboundContent;
import io.parley.domain.model.OutboundMessage;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A message of either direction as the admin API shows it; outbound-only fields are null for inbound ones. */
@Serdeable
record MessageDto(UUID id, UUID conversationId, String direction, @Nullable String text, Instant createdAt,
                  @Nullable Instant receivedAt, @Nullable String eventId,
                  @Nullable String status, @Nullable String acsMessageId, @Nullable Long ruleId,
                  @Nullable String errorCode, @Nullable String errorMessage, @Nullable UUID inReplyTo,
                  @Nullable Integer attempts, @Nullable Instant nextAttemptAt, @Nullable Instant statusUpdatedAt,
                  @Nullable Content content) {

    @Serdeable
    record Content(String type, @Nullable String text, @Nullable String url, @Nullable String caption,
                   @Nullable String name, @Nullable String language, @Nullable List<String> parameters) {
    }

    static MessageDto of(Message message) {
        if (message instanceof InboundMessage in) {
            return new MessageDto(in.id(), in.conversationId(), "INBOUND", in.text(), in.createdAt(),
                    in.receivedAt(), in.eventId(), null, null, null, null, null, null, null, null, null, null);
        }
        OutboundMessage out = (OutboundMessage) message;
        return new MessageDto(out.id(), out.conversationId(), "OUTBOUND", out.text(), out.createdAt(), null, null,
                out.status().name(), out.acsMessageId(), out.ruleId(), out.errorCode(), out.errorMessage(),
                out.inReplyTo(), out.attempts(), out.nextAttemptAt(), out.statusUpdatedAt(), content(out.content()));
    }

    private static Content content(OutboundContent content) {
        if (content instanceof OutboundContent.Text t) {
            return new Content("TEXT", t.text(), null, null, null, null, null);
        }
        if (content instanceof OutboundContent.Media m) {
            return new Content("MEDIA", null, m.url(), m.caption(), null, null, null);
        }
        OutboundContent.Template t = (OutboundContent.Template) content;
        return new Content("TEMPLATE", null, null, null, t.name(), t.language(), t.parameters());
    }
}
