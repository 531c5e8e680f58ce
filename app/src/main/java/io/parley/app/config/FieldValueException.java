package io.parley.app.config;

import io.micronaut.serde.exceptions.SerdeException;

/** A JSON field of a request body whose value Parley refuses; the API answers 400 naming the field. */
public final class FieldValueException extends SerdeException {

    private final String field;

    public FieldValueException(String field, String problem) {
        super(problem);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
