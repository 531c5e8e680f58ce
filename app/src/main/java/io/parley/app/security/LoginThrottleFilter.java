package io.parley.app.security;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.time.Duration;
import java.util.Optional;

/**
 * The login form of a throttled username: micronaut-security would redirect it to the login page like any wrong
 * password; it gets 429 with {@code Retry-After} instead, as HTTP Basic does.
 */
@ServerFilter("/login")
class LoginThrottleFilter {

    @ResponseFilter
    MutableHttpResponse<?> throttled(HttpRequest<?> request, MutableHttpResponse<?> response) {
        Optional<Duration> refusedFor = SignInRefusals.throttled(request);
        return refusedFor.isPresent() ? SignInRefusals.tooManyFailures(request, refusedFor.get()) : response;
    }
}
