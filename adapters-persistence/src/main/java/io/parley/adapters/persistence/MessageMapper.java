package io.parley.adapters.persistence;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.parley.domain.model.DeliveryAttempts;
import io.parley.domain.model.DeliveryStatus;
import io.parley.domain.model.InboundContent;
import io.parley.domain.model.InboundMessage;
import io.parley.domain.model.MessageAnalysis;
import io.parley.domain.model.Message;
import io.parley.domain.model.MessageDirection;
import io.parley.domain.model.MessageOrigin;
import io.parley.domain.model.OutboundContent;
import io.parley.domain.model.OfferChoice;
import io.parley.domain.model.OutboundMessage;
import io.parley.domain.model.ReplyType;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Rows of {@code message} to domain messages and back. */
@Singleton
class MessageMapper {

    private final JsonMapper json;

    MessageMapper(JsonMapper json) {
        this.json = json;
    }

    Message toDomain(MessageEntity e) {
        if (MessageDirection.valueOf(e.direction()) == MessageDirection.INBOUND) {
            return toInbound(e, null);
        }
        return toOutbound(e);
    }

    InboundMessage toInbound(MessageEntity e, MessageAnalysis analysis) {
        InboundContent content;
        OfferChoice choice = null;
        if (e.details() == null || e.details().isBlank()) {
            content = new InboundContent(e.kind(), e.text(), null, null, null, null, null, null,
                    e.channelMessageId());
        } else {
            InboundContentJson details = read(e.details(), InboundContentJson.class);
            content = details.toDomain(e.kind(), e.channelMessageId());
            choice = details.toChoice();
        }
        return new InboundMessage(e.id(), e.conversationId(), e.eventId(), content, e.receivedAt(), e.createdAt(),
                analysis, choice, hold(e.answerHold()), io.parley.domain.model.AnswerKind.ofStored(e.answer()));
    }

    /** How a message's answer waited; null for none, or for a value a later version wrote. */
    private static io.parley.domain.model.AnswerHold hold(String stored) {
        if (stored == null) {
            return null;
        }
        try {
            return io.parley.domain.model.AnswerHold.valueOf(stored);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    OutboundMessage toOutbound(MessageEntity e) {
        return toOutbound(e, new DeliveryAttempts(e.attempts(), e.nextAttemptAt(), e.firstAttemptAt(),
                e.windowStartedAt(), e.outcomeUncertain()));
    }

    /** The message of {@code e} with {@code attempts} in place of those its row holds. */
    OutboundMessage toOutbound(MessageEntity e, DeliveryAttempts attempts) {
        OutboundContent content = switch (e.contentType()) {
            case "TEXT" -> new OutboundContent.Text(e.text());
            case "MEDIA" -> new OutboundContent.Media(e.mediaUrl(), e.text());
            case "TEMPLATE" -> new OutboundContent.Template(e.templateName(), e.templateLanguage(),
                    readList(e.templateParameters()));
            case "BUTTONS", "LIST", "URL" -> read(e.details(), InteractiveJson.class)
                    .toContent(ReplyType.valueOf(e.contentType()), e.text());
            default -> throw new IllegalStateException("message " + e.id() + " has content type " + e.contentType());
        };
        return new OutboundMessage(e.id(), e.conversationId(), e.channelId(), e.recipientId(), e.inReplyTo(),
                e.ruleId(), e.origin() == null ? MessageOrigin.RULE : MessageOrigin.valueOf(e.origin()), e.replaces(),
                content, DeliveryStatus.valueOf(e.status()), e.acsMessageId(), e.errorCode(), e.errorMessage(),
                attempts, e.createdAt(), e.statusUpdatedAt(), e.sentBy());
    }

    MessageEntity toEntity(InboundMessage m) {
        return new MessageEntity(m.id(), m.conversationId(), MessageDirection.INBOUND.name(), m.eventId(), m.text(),
                m.receivedAt(), m.createdAt(), null, null, null, null, null, null, null, null, null, null, null,
                null, null, 0, null, null, null, m.content().kind(), m.content().channelMessageId(),
                write(InboundContentJson.of(m.content(), m.choice())), null, null, null, false,
                m.hold() == null ? null : m.hold().name(), null, m.answer() == null ? null : m.answer().name());
    }

    MessageEntity toEntity(OutboundMessage m) {
        String type;
        String text = null;
        String mediaUrl = null;
        String templateName = null;
        String templateLanguage = null;
        String templateParameters = null;
        String details = null;
        if (m.content() instanceof OutboundContent.Text t) {
            type = "TEXT";
            text = t.text();
        } else if (m.content() instanceof OutboundContent.Media media) {
            type = "MEDIA";
            text = media.caption();
            mediaUrl = media.url();
        } else if (m.content() instanceof OutboundContent.Interactive interactive) {
            type = interactive.type().name();
            text = interactive.body();
            details = write(InteractiveJson.of(interactive));
        } else {
            OutboundContent.Template template = (OutboundContent.Template) m.content();
            type = "TEMPLATE";
            templateName = template.name();
            templateLanguage = template.language();
            templateParameters = writeList(template.parameters());
        }
        return new MessageEntity(m.id(), m.conversationId(), MessageDirection.OUTBOUND.name(), null, text, null,
                m.createdAt(), m.channelId(), m.recipientId(), m.inReplyTo(), m.ruleId(), type, mediaUrl,
                templateName, templateLanguage, templateParameters, m.status().name(), m.acsMessageId(),
                m.errorCode(), m.errorMessage(), m.attempts(), m.nextAttemptAt(), m.firstAttemptAt(),
                m.statusUpdatedAt(), null, null, details, m.origin().name(), m.replaces(), m.windowStartedAt(),
                m.outcomeUncertain(), null, m.sentBy(), null);
    }

    String writeList(List<String> values) {
        return write(values);
    }

    String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    java.util.Map<String, String> readMap(String stored) {
        try {
            return json.readValue(stored, Argument.mapOf(String.class, String.class));
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable stored map: " + stored, e);
        }
    }

    <T> T read(String stored, Class<T> type) {
        try {
            return json.readValue(stored, Argument.of(type));
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable stored " + type.getSimpleName() + ": " + stored, e);
        }
    }

    List<String> readList(String stored) {
        if (stored == null || stored.isBlank()) {
            return List.of();
        }
        try {
            return json.readValue(stored, Argument.listOf(String.class));
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable stored list: " + stored, e);
        }
    }
}
