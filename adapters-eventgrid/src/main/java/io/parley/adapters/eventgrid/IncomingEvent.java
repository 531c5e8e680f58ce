package io.parley.adapters.eventgrid;

import io.micronaut.json.tree.JsonNode;

/**
 * One event of a delivery, whichever schema carried it.
 *
 * @param index    its position in the delivery (0 for a single CloudEvent)
 * @param id       Event Grid's {@code id} (CloudEvents {@code id})
 * @param type     {@code eventType} (CloudEvents {@code type})
 * @param time     {@code eventTime} (CloudEvents {@code time}), may be null
 * @param data     the event's {@code data}, may be null
 * @param raw      the whole event as received
 */
record IncomingEvent(int index, String id, String type, String time, JsonNode data, JsonNode raw) {
}
