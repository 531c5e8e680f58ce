package io.parley.domain.model;

import java.util.Map;

/** JSON, read by a library the domain does not know: HTTP steps' bodies and the answers they save values from. */
public interface JsonDocuments {

    /** Why {@code json} is not one JSON value, or null when it is. */
    String problem(String json);

    /**
     * The values at these JSON Pointers (RFC 6901) in {@code json}, by variable: strings as they are, numbers and
     * booleans as their JSON text, objects and arrays as compact JSON; a pointer that finds nothing (or a body that
     * is not JSON) gives no entry.
     */
    Map<String, String> pick(String json, Map<String, String> pointers);
}
