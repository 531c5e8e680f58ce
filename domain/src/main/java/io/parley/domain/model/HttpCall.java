package io.parley.domain.model;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A call an HTTP step makes, with its variables filled in: made outside the webhook request by the flow worker.
 * Header values may still hold {@code {{secret.NAME}}}: secrets are filled in only when the call is made, so they
 * are never stored.
 */
public record HttpCall(String stepId, String method, String url, Map<String, String> headers, String body,
                       Duration timeout) {

    public HttpCall {
        Objects.requireNonNull(stepId, "stepId");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(url, "url");
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers == null ? Map.of() : headers));
        Objects.requireNonNull(timeout, "timeout");
    }

    /** What came back: the status and body, or no status when the call did not get an answer. */
    public record Result(int status, String body, String problem) {

        public static Result failed(String problem) {
            return new Result(0, null, problem);
        }

        public boolean succeeded() {
            return status >= 200 && status < 300;
        }

        /** A 4xx is the system's definite no; a 5xx, a timeout or no connection may pass. */
        public boolean worthRetrying() {
            return status == 0 || status >= 500 || status == 429 || status == 408;
        }

        public String describe() {
            return status == 0 ? Objects.requireNonNullElse(problem, "no answer") : "answered " + status;
        }
    }
}
