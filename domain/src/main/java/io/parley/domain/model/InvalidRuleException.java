package io.parley.domain.model;

import java.util.List;
import java.util.stream.Collectors;

/** A rule that cannot be stored, with every field that is wrong and why. */
public class InvalidRuleException extends RuntimeException {

    private final transient List<FieldError> errors;

    public InvalidRuleException(List<FieldError> errors) {
        super(errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
