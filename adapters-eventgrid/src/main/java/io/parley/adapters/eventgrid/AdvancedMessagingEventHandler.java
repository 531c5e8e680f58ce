package io.parley.adapters.eventgrid;

import io.micronaut.json.tree.JsonNode;
import io.parley.domain.model.DeliveryStatus;
import io.parley.domain.port.in.ReceiveMessageCommand;
import io.parley.domain.port.in.ReceiveMessageUseCase;
import io.parley.domain.port.in.RecordDeliveryStatusCommand;
import io.parley.domain.port.in.RecordDeliveryStatusUseCase;
import io.parley.domain.port.in.RecordOtherEventUseCase;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;

/** Turns one ACS Advanced Messaging event into the domain command it stands for, and runs it. */
@Singleton
class AdvancedMessagingEventHandler {

    static final String RECEIVED = "Microsoft.Communication.AdvancedMessageReceived";
    static final String DELIVERY_STATUS = "Microsoft.Communication.AdvancedMessageDeliveryStatusUpdated";
    static final String ANALYSIS = "Microsoft.Communication.AdvancedMessageAnalysisCompleted";
    static final String SUBSCRIPTION_VALIDATION = "Microsoft.EventGrid.SubscriptionValidationEvent";

    /** What became of one event. */
    enum Outcome {
        ACCEPTED,
        DUPLICATE,
        /** Recorded, not acted on (an event type Parley does not handle). */
        IGNORED
    }

    private final ReceiveMessageUseCase receiveMessage;
    private final RecordDeliveryStatusUseCase recordDeliveryStatus;
    private final RecordOtherEventUseCase recordOtherEvent;
    private final Clock clock;

    AdvancedMessagingEventHandler(ReceiveMessageUseCase receiveMessage,
                                  RecordDeliveryStatusUseCase recordDeliveryStatus,
                                  RecordOtherEventUseCase recordOtherEvent, Clock clock) {
        this.receiveMessage = receiveMessage;
        this.recordDeliveryStatus = recordDeliveryStatus;
        this.recordOtherEvent = recordOtherEvent;
        this.clock = clock;
    }

    /**
     * @throws InvalidEventException when the event lacks what its type requires
     */
    Outcome handle(IncomingEvent event) {
        return switch (event.type()) {
            case RECEIVED -> received(event);
            case DELIVERY_STATUS -> deliveryStatus(event);
            default -> recordOtherEvent.record(event.id(), event.type(), clock.instant())
                    ? Outcome.IGNORED : Outcome.DUPLICATE;
        };
    }

    private Outcome received(IncomingEvent event) {
        JsonNode data = requireData(event);
        String customer = firstText(data, "from", "fromBSUID");
        String channel = firstText(data, "to", "toBSUID");
        if (customer == null) {
            throw invalid(event, "data.from (or data.fromBSUID) is missing: the customer is unknown");
        }
        if (channel == null) {
            throw invalid(event, "data.to (or data.toBSUID) is missing: the receiving channel is unknown");
        }
        String text = optionalText(event, data, "content");
        ReceiveMessageUseCase.Result result = receiveMessage.receive(new ReceiveMessageCommand(event.id(), channel,
                customer, text, receivedAt(event, data)));
        return result.duplicate() ? Outcome.DUPLICATE : Outcome.ACCEPTED;
    }

    private Outcome deliveryStatus(IncomingEvent event) {
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
        RecordDeliveryStatusUseCase.Outcome outcome = recordDeliveryStatus.record(new RecordDeliveryStatusCommand(
                event.id(), messageId, status, errorCode, errorMessage, receivedAt(event, data)));
        return outcome == RecordDeliveryStatusUseCase.Outcome.DUPLICATE ? Outcome.DUPLICATE : Outcome.ACCEPTED;
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
            throw invalid(event, "data." + field + " must be a string, not " + DeliveryParser.kind(node));
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
