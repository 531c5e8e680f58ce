package io.parley.domain.model;

/** One problem with one field of something a user submitted, e.g. {@code match.value}: "must not be empty". */
public record FieldError(String field, String message) {
}
