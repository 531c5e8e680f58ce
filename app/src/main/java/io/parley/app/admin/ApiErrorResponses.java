package io.parley.app.admin;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.http.annotation.Body;
import io.parley.app.config.FieldValueException;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The body of every error the framework answers (a body it cannot read, a route that does not exist, a failure
 * nobody expected), in the API's own shape: {@code {"error": "...", "fields": [...]}}. It names the field and the
 * problem, never a class, a SQL statement or a value the server holds; a 5xx says only that the server failed (the
 * log has the rest).
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
class ApiErrorResponses implements ErrorResponseProcessor<ApiErrors> {

    /** serde's "Error decoding property [Integer priority] of type [class ...RuleDto]: ..." names the field. */
    private static final Pattern PROPERTY = Pattern.compile("property \\[(?:[^\\]\\s]+ )?([\\w$]+)\\]");
    private static final Pattern CLASS_NAME = Pattern.compile("(class |interface )?\\b[a-z][\\w]*(\\.[\\w$]+){2,}");

    @Override
    public MutableHttpResponse<ApiErrors> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        int status = response.code();
        ApiErrors body;
        if (status >= 500) {
            body = ApiErrors.of(status == HttpStatus.SERVICE_UNAVAILABLE.getCode()
                    ? "temporarily unavailable; try again later"
                    : "the server failed to answer this request; the details are in its log");
        } else {
            body = clientError(context, response);
        }
        return response.contentType(MediaType.APPLICATION_JSON_TYPE).body(body);
    }

    private static ApiErrors clientError(ErrorContext context, MutableHttpResponse<?> response) {
        for (Throwable cause = context.getRootCause().orElse(null); cause != null; cause = cause.getCause()) {
            if (cause instanceof FieldValueException field) {
                return new ApiErrors("the body could not be read",
                        List.of(new ApiErrors.Field(field.field(), field.getMessage())));
            }
            if (cause instanceof ConversionErrorException conversion && !isBody(conversion)) {
                return ApiErrors.of("the parameter '" + conversion.getArgument().getName()
                        + "' has a value of the wrong type");
            }
        }
        List<String> messages = context.getErrors().stream().map(Error::getMessage).toList();
        String first = messages.isEmpty() ? response.reason() : messages.get(0);
        if (first == null) {
            first = response.reason();
        }
        if (first.contains("Error decoding property") || first.contains("Failed to convert argument")) {
            return decodingError(first);
        }
        if (first.startsWith("Invalid JSON") || first.contains("Error decoding JSON")) {
            return ApiErrors.of("the body is not valid JSON");
        }
        return ApiErrors.of(clean(first));
    }

    private static boolean isBody(ConversionErrorException conversion) {
        return conversion.getArgument().getAnnotationMetadata().hasAnnotation(Body.class);
    }

    private static ApiErrors decodingError(String message) {
        List<String> path = new ArrayList<>();
        Matcher property = PROPERTY.matcher(message);
        int end = 0;
        while (property.find()) {
            path.add(property.group(1));
            end = property.end();
        }
        String problem = message.substring(end).replaceFirst("^[^:]*:\\s*", "");
        int nested = problem.lastIndexOf("]: ");
        if (nested >= 0) {
            problem = problem.substring(nested + 3);
        }
        problem = clean(problem);
        if (path.isEmpty()) {
            return ApiErrors.of("the request could not be read: " + problem);
        }
        return new ApiErrors("the body could not be read", List.of(new ApiErrors.Field(String.join(".", path),
                problem.isBlank() ? "has a value of the wrong type" : problem)));
    }

    /** No class names, one line, at most 200 characters. */
    private static String clean(String message) {
        String line = CLASS_NAME.matcher(message.strip().split("\\R", 2)[0]).replaceAll("a value");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
