package io.parley.adapters.eventgrid;

import io.micronaut.json.tree.JsonNode;
import io.parley.domain.model.DeliveryStatus;
import io.parley.domain.model.InboundContent;
import io.parley.domain.model.MessageAnalysis;
import io.parley.domain.port.in.EventCommand;
import io.parley.domain.port.in.ReceiveMessageCommand;
import io.parley.domain.port.in.RecordAnalysisCommand;
import io.parley.domain.port.in.RecordDeliveryStatusCommand;
import io.parley.domain.port.in.RecordOtherEventCommand;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns one ACS Advanced Messaging event into the domain command it stands for, checking everything the command
 * needs; running the commands is {@link GroupCommit}'s job.
 */
@Singleton
class AdvancedMessagingEventHandler {

    static final String RECEIVED = "Microsoft.Communication.AdvancedMessageReceived";
    static final String DELIVERY_STATUS = "Microsoft.Communication.AdvancedMessageDeliveryStatusUpdated";
    static final String ANALYSIS = "Microsoft.Communication.AdvancedMessageAnalysisCompleted";
    static final String SUBSCRIPTION_VALIDATION = "Microsoft.EventGrid.SubscriptionValidationEvent";

    private final Clock clock;

    AdvancedMessagingEventHandler(Clock clock) {
        this.clock = clock;
    }

    /**
     * The command the event stands for; any other event type is recorded and ignored.
     *
     * @throws InvalidEventException when the event lacks what its type requires
     */
    EventCommand command(IncomingEvent event) {
        return switch (event.type()) {
            case RECEIVED -> received(event);
            case DELIVERY_STATUS -> deliveryStatus(event);
            case ANALYSIS -> analysis(event);
            default -> new RecordOtherEventCommand(event.id(), event.type(), clock.instant());
        };
    }

    private ReceiveMessageCommand received(IncomingEvent event) {
        JsonNode data = requireData(event);
        String customer = firstText(data, "from", "fromBSUID");
        String channel = firstText(data, "to", "toBSUID");
        if (customer == null) {
            throw invalid(event, "data.from (or data.fromBSUID) is missing: the customer is unknown");
        }
        if (channel == null) {
            throw invalid(event, "data.to (or data.toBSUID) is missing: the receiving channel is unknown");
        }
        limit(event, "data.from", customer, ID);
        limit(event, "data.to", channel, ID);
        InboundContent content = content(event, data);
        limit(event, "data.messageType", content.kind(), 32);
        limit(event, "data.messageId", content.channelMessageId(), ID);
        if (content.media() != null) {
            limit(event, "data.media.id", content.media().id(), ID);
            limit(event, "data.media.mimeType", content.media().mimeType(), ID);
            limit(event, "data.media.fileName", content.media().fileName(), 1024);
        }
        return new ReceiveMessageCommand(event.id(), channel, customer, content, receivedAt(event, data));
    }

    /** Every part of a received message that ACS documents; absent parts stay null, unknown fields are ignored. */
    private static InboundContent content(IncomingEvent event, JsonNode data) {
        JsonNode media = object(event, data, "media");
        JsonNode context = object(event, data, "context");
        JsonNode button = object(event, data, "button");
        JsonNode interactive = object(event, data, "interactive");
        JsonNode reaction = object(event, data, "reaction");
        JsonNode error = object(event, data, "error");
        return new InboundContent(
                optionalText(event, data, "messageType"),
                optionalText(event, data, "content"),
                media == null ? null : new InboundContent.Media(optionalText(event, media, "id"),
                        optionalText(event, media, "mimeType"), optionalText(event, media, "fileName"),
                        optionalText(event, media, "caption"), bool(media.get("animated"))),
                context == null ? null : new InboundContent.ReplyContext(firstText(context, "id", "messageId"),
                        firstText(context, "from")),
                button == null ? null : new InboundContent.Button(optionalText(event, button, "text"),
                        optionalText(event, button, "payload")),
                interactive == null ? null : interactive(event, interactive),
                reaction == null ? null : new InboundContent.Reaction(firstText(reaction, "messageId"),
                        optionalText(event, reaction, "emoji")),
                error == null ? null : new InboundContent.ChannelError(scalar(error.get("channelCode")),
                        scalar(error.get("channelMessage"))),
                firstText(data, "messageId"));
    }

    /** {@code {"type": "buttonReply", "buttonReply": {"id", "title"}}}, likewise listReply; anything else is kept as its type. */
    private static InboundContent.Interactive interactive(IncomingEvent event, JsonNode interactive) {
        String type = firstText(interactive, "type");
        JsonNode reply = null;
        for (String name : new String[] {type, "buttonReply", "listReply", "unknown"}) {
            if (name != null && interactive.get(name) != null && interactive.get(name).isObject()) {
                reply = interactive.get(name);
                if (type == null) {
                    type = name;
                }
                break;
            }
        }
        if (reply == null) {
            return new InboundContent.Interactive(type == null ? "unknown" : type, null, null, null);
        }
        return new InboundContent.Interactive(type, optionalText(event, reply, "id"),
                optionalText(event, reply, "title"), optionalText(event, reply, "description"));
    }

    private RecordAnalysisCommand analysis(IncomingEvent event) {
        JsonNode data = requireData(event);
        String customer = firstText(data, "from", "fromBSUID");
        String channel = firstText(data, "to", "toBSUID");
        if (customer == null || channel == null) {
            throw invalid(event, "data.from and data.to are required to find the analysed message");
        }
        JsonNode language = object(event, data, "languageDetection");
        Double confidence = null;
        String translation = firstText(data, "translation", "translatedMessage");
        if (language != null) {
            JsonNode score = language.get("confidenceScore");
            if (score != null && score.isNumber()) {
                confidence = score.getDoubleValue();
            }
            if (translation == null) {
                translation = firstText(language, "translation", "translatedMessage");
            }
        }
        List<String> keyPhrases = new ArrayList<>();
        JsonNode phrases = data.get("extractedKeyPhrases");
        if (phrases != null && phrases.isArray()) {
            for (JsonNode phrase : phrases.values()) {
                if (phrase.isString()) {
                    keyPhrases.add(phrase.getStringValue());
                }
            }
        }
        MessageAnalysis analysis = new MessageAnalysis(event.id(), optionalText(event, data, "originalMessage"),
                language == null ? null : firstText(language, "language"), confidence, translation,
                optionalText(event, data, "intentAnalysis"), keyPhrases, receivedAt(event, data));
        limit(event, "data.from", customer, ID);
        limit(event, "data.to", channel, ID);
        limit(event, "data.languageDetection.language", analysis.language(), 100);
        return new RecordAnalysisCommand(event.id(), channel, customer, analysis);
    }

    /** Longest identifier Parley stores (ids, codes, MIME types). */
    private static final int ID = 255;

    /** Values longer than what Parley stores are refused as the event's fault, never left to fail in the database. */
    private static void limit(IncomingEvent event, String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw invalid(event, field + " is " + value.length() + " characters long; at most " + max
                    + " are accepted");
        }
    }

    /** The field as an object, null when absent or null; anything else is an error. */
    private static JsonNode object(IncomingEvent event, JsonNode data, String field) {
        JsonNode node = data.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw invalid(event, field + " must be an object, not " + DeliveryParser.kind(node));
        }
        return node;
    }

    private static Boolean bool(JsonNode node) {
        return node != null && node.isBoolean() ? node.getBooleanValue() : null;
    }

    private RecordDeliveryStatusCommand deliveryStatus(IncomingEvent event) {
        JsonNode data = requireData(event);
        String messageId = firstText(data, "messageId");
        if (messageId == null) {
            throw invalid(event, "data.messageId is missing");
        }
        String reported = firstText(data, "status");
        if (reported == null) {
            throw invalid(event, "data.status is missing");
        }
        DeliveryStatus status = switch (reported.strip().toLowerCase(Locale.ROOT)) {
            case "sent" -> DeliveryStatus.SENT;
            case "delivered" -> DeliveryStatus.DELIVERED;
            case "read" -> DeliveryStatus.READ;
            case "failed" -> DeliveryStatus.FAILED;
            default -> throw invalid(event, "data.status '" + Timestamps.abbreviate(reported)
                    + "' is not one of Sent, Delivered, Read, Failed");
        };
        String errorCode = null;
        String errorMessage = null;
        JsonNode error = data.get("error");
        if (error != null && error.isObject()) {
            errorCode = scalar(error.get("channelCode"));
            errorMessage = scalar(error.get("channelMessage"));
        }
        limit(event, "data.messageId", messageId, ID);
        limit(event, "data.error.channelCode", errorCode, ID);
        return new RecordDeliveryStatusCommand(event.id(), messageId, status, errorCode, errorMessage,
                receivedAt(event, data));
    }

    private static JsonNode requireData(IncomingEvent event) {
        if (event.data() == null || !event.data().isObject()) {
            throw invalid(event, "'data' must be an object, not " + DeliveryParser.kind(event.data()));
        }
        return event.data();
    }

    /** When the channel received it: data.receivedTimestamp (any capitalisation of the S), else the event time. */
    private Instant receivedAt(IncomingEvent event, JsonNode data) {
        String value = firstText(data, "receivedTimestamp", "receivedTimeStamp");
        Instant at = Timestamps.parse(value, "data.receivedTimestamp");
        if (at == null) {
            at = Timestamps.parse(event.time(), "eventTime");
        }
        return at == null ? clock.instant() : at;
    }

    /** The first of {@code fields} that holds a non-blank string. */
    private static String firstText(JsonNode data, String... fields) {
        for (String field : fields) {
            String value = DeliveryParser.text(data.get(field));
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return null;
    }

    private static String optionalText(IncomingEvent event, JsonNode data, String field) {
        JsonNode node = data.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw invalid(event, field + " must be a string, not " + DeliveryParser.kind(node));
        }
        return node.getStringValue();
    }

    /** A number or string as text (channel error codes come as either). */
    private static String scalar(JsonNode node) {
        if (node == null || node.isNull() || node.isContainerNode()) {
            return null;
        }
        return node.coerceStringValue();
    }

    private static InvalidEventException invalid(IncomingEvent event, String problem) {
        return new InvalidEventException("event " + event.index() + " (id " + event.id() + ", " + event.type()
                + "): " + problem);
    }
}
