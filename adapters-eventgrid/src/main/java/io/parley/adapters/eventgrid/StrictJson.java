package io.parley.adapters.eventgrid;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.micronaut.json.tree.JsonNode;
import io.parley.domain.model.StorableText;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a delivery body into a tree, more strictly than a lenient mapper: one JSON value and nothing after it but
 * whitespace (a second array in the same body would otherwise be dropped while the delivery is answered 200), no
 * object with the same key twice (which of the two would count is a guess). And {@link StorableText}'s rule for
 * U+0000 in every string and key, so such an event is stored and answered instead of failing its whole delivery.
 */
final class StrictJson {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** The body is not one well-formed JSON value; the message says where and why. */
    static final class InvalidJsonException extends Exception {
        InvalidJsonException(String message) {
            super(message);
        }
    }

    private StrictJson() {
    }

    static JsonNode read(byte[] body) throws InvalidJsonException {
        try (JsonParser parser = FACTORY.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new InvalidJsonException("it holds no value");
            }
            JsonNode tree = value(parser, first);
            JsonToken after = parser.nextToken();
            if (after != null) {
                throw new InvalidJsonException("there is more after the JSON value (at line "
                        + parser.currentLocation().getLineNr() + ", column "
                        + parser.currentLocation().getColumnNr() + "); a delivery is one JSON value");
            }
            return tree;
        } catch (JsonProcessingException e) {
            throw new InvalidJsonException(e.getOriginalMessage() + location(e));
        } catch (IOException e) {
            throw new InvalidJsonException(String.valueOf(e.getMessage()));
        }
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (at line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")";
    }

    private static JsonNode value(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case START_OBJECT -> {
                Map<String, JsonNode> fields = new LinkedHashMap<>();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_OBJECT; next = parser.nextToken()) {
                    String name = StorableText.of(parser.currentName());
                    fields.put(name, value(parser, parser.nextToken()));
                }
                yield JsonNode.createObjectNode(fields);
            }
            case START_ARRAY -> {
                List<JsonNode> items = new ArrayList<>();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                    items.add(value(parser, next));
                }
                yield JsonNode.createArrayNode(items);
            }
            case VALUE_STRING -> JsonNode.createStringNode(StorableText.of(parser.getText()));
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> JsonNode.createNumberNode(parser.getIntValue());
                case LONG -> JsonNode.createNumberNode(parser.getLongValue());
                default -> JsonNode.createNumberNode(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> {
                double d = parser.getDoubleValue();
                yield Double.isFinite(d) ? JsonNode.createNumberNode(d)
                        : JsonNode.createNumberNode(parser.getDecimalValue());
            }
            case VALUE_TRUE -> JsonNode.createBooleanNode(true);
            case VALUE_FALSE -> JsonNode.createBooleanNode(false);
            case VALUE_NULL -> JsonNode.nullNode();
            default -> throw new JsonParseProblem("unexpected " + token, parser);
        };
    }

    private static final class JsonParseProblem extends JsonProcessingException {
        JsonParseProblem(String message, JsonParser parser) {
            super(message, parser.currentLocation());
        }
    }
}
