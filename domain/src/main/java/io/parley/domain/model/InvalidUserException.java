package io.parley.domain.model;

import java.util.List;
import java.util.stream.Collectors;

/** A user that cannot be stored or changed as asked, with every field that is wrong and why. */
public class InvalidUserException extends RuntimeException {

    private final transient List<FieldError> errors;

    public InvalidUserException(List<FieldError> errors) {
        super(errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public InvalidUserException(String field, String message) {
        this(List.of(new FieldError(field, message)));
    }

    public List<FieldError> errors() {
        return errors;
    }
}
