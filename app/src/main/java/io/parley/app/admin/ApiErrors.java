package io.parley.app.admin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.parley.domain.model.FieldError;
import java.util.List;

/** Error bodies of the admin API: {@code {"error": "...", "fields": [{"field": "...", "message": "..."}]}}. */
@Serdeable
record ApiErrors(String error, @Nullable List<Field> fields) {

    @Serdeable
    record Field(String field, String message) {
    }

    static ApiErrors of(String error) {
        return new ApiErrors(error, null);
    }

    static ApiErrors of(String error, List<FieldError> errors) {
        return new ApiErrors(error, errors.stream().map(e -> new Field(e.field(), e.message())).toList());
    }
}
