package io.parley.app.security;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The 429 a throttled sign-in gets, from the login form and from HTTP Basic alike. */
final class SignInRefusals {

    private SignInRefusals() {
    }

    /** How long the request's username is refused for, when the authentication provider found it throttled. */
    static Optional<Duration> throttled(HttpRequest<?> request) {
        return request.getAttribute(ParleyAuthenticationProvider.THROTTLED_FOR, Duration.class);
    }

    static MutableHttpResponse<?> tooManyFailures(HttpRequest<?> request, Duration refusedFor) {
        long seconds = Math.max(1, (refusedFor.toMillis() + 999) / 1000);
        long minutes = (seconds + 59) / 60;
        String message = "Too many failed sign-ins for this username. Try again in " + minutes
                + (minutes == 1 ? " minute." : " minutes.");
        MutableHttpResponse<?> response = HttpResponse.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
        boolean browser = request.getHeaders().accept().stream().anyMatch(MediaType.TEXT_HTML_TYPE::equals);
        if (browser) {
            // the message is ours alone (no user input), so it needs no escaping
            return response.contentType(MediaType.TEXT_HTML_TYPE).body("<!doctype html><html lang=\"en\"><head>"
                    + "<meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                    + "<title>Parley: sign-in paused</title><link rel=\"stylesheet\" href=\"/console/assets/console.css\">"
                    + "</head><body><main class=\"login\"><h1>Sign-in paused</h1><p class=\"notice error\">" + message
                    + "</p><p><a href=\"" + AdminAuthorizationExceptionHandler.LOGIN_PAGE + "\">Back to sign-in</a>"
                    + "</p></main></body></html>");
        }
        return response.contentType(MediaType.APPLICATION_JSON_TYPE).body(Map.of("error", message));
    }
}
