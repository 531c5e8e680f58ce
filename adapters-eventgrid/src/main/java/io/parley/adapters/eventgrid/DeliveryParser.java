package io.parley.adapters.eventgrid;

import io.micronaut.json.tree.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a parsed delivery body as events: an Event Grid schema array, a single CloudEvent, or an array (batch) of
 * CloudEvents. Elements that are not events become {@link Rejected} with the reason.
 */
final class DeliveryParser {

    /** An element of the delivery that is not a usable event. */
    record Rejected(int index, String reason, JsonNode raw) {
    }

    /** What a delivery holds. */
    record Parsed(List<IncomingEvent> events, List<Rejected> rejected) {
    }

    private DeliveryParser() {
    }

    /**
     * @throws InvalidDeliveryException when the body as a whole is neither an event array nor a CloudEvent
     */
    static Parsed parse(JsonNode body) {
        List<IncomingEvent> events = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        if (body.isArray()) {
            if (body.size() == 0) {
                throw new InvalidDeliveryException("the delivery is an empty array: expected at least one event");
            }
            for (int i = 0; i < body.size(); i++) {
                read(i, body.get(i), events, rejected);
            }
        } else if (body.isObject()) {
            if (body.get("specversion") == null && body.get("eventType") == null) {
                throw new InvalidDeliveryException(
                        "the body is a JSON object but not a CloudEvent (no specversion) nor an Event Grid event");
            }
            read(0, body, events, rejected);
        } else {
            throw new InvalidDeliveryException("the body must be a JSON array of events or a CloudEvent object, not "
                    + kind(body));
        }
        return new Parsed(events, rejected);
    }

    private static void read(int index, JsonNode node, List<IncomingEvent> events, List<Rejected> rejected) {
        if (node == null || !node.isObject()) {
            rejected.add(new Rejected(index, "event " + index + " is " + kind(node) + ", not an object", node));
            return;
        }
        boolean cloudEvent = node.get("specversion") != null;
        String idField = "id";
        String typeField = cloudEvent ? "type" : "eventType";
        String timeField = cloudEvent ? "time" : "eventTime";
        String id = text(node.get(idField));
        String type = text(node.get(typeField));
        if (id == null || id.isBlank()) {
            rejected.add(new Rejected(index, "event " + index + " has no string '" + idField + "'", node));
            return;
        }
        if (id.length() > 255) {
            rejected.add(new Rejected(index, "event " + index + " has an 'id' longer than 255 characters", node));
            return;
        }
        if (type == null || type.isBlank()) {
            rejected.add(new Rejected(index, "event " + index + " (id " + id + ") has no string '" + typeField + "'",
                    node));
            return;
        }
        if (cloudEvent && !"1.0".equals(text(node.get("specversion")))) {
            rejected.add(new Rejected(index, "event " + index + " (id " + id + ") has specversion "
                    + node.get("specversion").coerceStringValue() + "; only CloudEvents 1.0 is supported", node));
            return;
        }
        JsonNode data = node.get("data");
        events.add(new IncomingEvent(index, id, type, text(node.get(timeField)), data == null || data.isNull()
                ? null : data, node));
    }

    /** The node's string value, or null when it is absent or not a string. */
    static String text(JsonNode node) {
        return node != null && node.isString() ? node.getStringValue() : null;
    }

    static String kind(JsonNode node) {
        if (node == null || node.isNull()) {
            return "null";
        }
        if (node.isArray()) {
            return "an array";
        }
        if (node.isObject()) {
            return "an object";
        }
        if (node.isString()) {
            return "a string";
        }
        if (node.isNumber()) {
            return "a number";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        return "a " + node.getClass().getSimpleName();
    }
}
