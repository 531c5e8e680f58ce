package io.parley.app.flows;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.parley.domain.model.JsonDocuments;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The domain's {@link JsonDocuments} on Micronaut's JSON tree, with RFC 6901 pointers walked over it. */
@Singleton
class JsonTreeDocuments implements JsonDocuments {

    private final JsonMapper json;

    JsonTreeDocuments(JsonMapper json) {
        this.json = json;
    }

    @Override
    public String problem(String text) {
        try {
            json.readValue(text, JsonNode.class);
            return null;
        } catch (IOException | RuntimeException e) {
            String message = e.getMessage() == null ? "unreadable" : e.getMessage();
            int cut = message.indexOf("\n");
            return (cut > 0 ? message.substring(0, cut) : message).replaceAll("\\s*\\(for .*$", "");
        }
    }

    @Override
    public Map<String, String> pick(String text, Map<String, String> pointers) {
        Map<String, String> found = new LinkedHashMap<>();
        if (text == null || text.isBlank() || pointers.isEmpty()) {
            return found;
        }
        JsonNode root;
        try {
            root = json.readValue(text, JsonNode.class);
        } catch (IOException | RuntimeException e) {
            return found;
        }
        pointers.forEach((variable, pointer) -> {
            JsonNode at = at(root, pointer);
            if (at != null && !at.isNull()) {
                found.put(variable, text(at));
            }
        });
        return found;
    }

    private String text(JsonNode node) {
        if (node.isString()) {
            return node.getStringValue();
        }
        if (node.isNumber() || node.isBoolean()) {
            return node.coerceStringValue();
        }
        try {
            return json.writeValueAsString(node);
        } catch (IOException e) {
            return "";
        }
    }

    /** The node {@code pointer} names in {@code root}, or null: "" is the root, "/a/0/b~1c" is a.0."b/c". */
    static JsonNode at(JsonNode root, String pointer) {
        if (pointer.isEmpty()) {
            return root;
        }
        JsonNode node = root;
        for (String raw : pointer.substring(1).split("/", -1)) {
            String token = raw.replace("~1", "/").replace("~0", "~");
            if (node == null) {
                return null;
            }
            if (node.isObject()) {
                node = node.get(token);
            } else if (node.isArray() && token.matches("0|[1-9]\\d{0,8}")) {
                int index = Integer.parseInt(token);
                node = index < node.size() ? node.get(index) : null;
            } else {
                return null;
            }
        }
        return node;
    }
}
