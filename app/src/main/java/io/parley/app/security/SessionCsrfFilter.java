package io.parley.app.security;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.security.csrf.validator.CsrfTokenValidator;
import java.util.Map;
import java.util.Set;

/**
 * CSRF protection for requests the browser authenticates by the session cookie: every POST, PUT, PATCH and
 * DELETE that carries the session cookie must also carry the CSRF token (header {@code X-CSRF-TOKEN}) that matches
 * the CSRF cookie and its HMAC, or it is refused with 403. Requests whose HTTP Basic credentials authenticated them
 * (scripts, curl) and the Event Grid webhook are not affected, nor is the login form (there is no
 * session yet whose token it could carry); a cross-site page cannot read the
 * token, so it cannot forge a console request even where a browser would send the cookie.
 *
 * <p>micronaut-security-csrf's own filter cannot tell cookie from Basic requests (it would refuse API scripts), so
 * this filter decides when, and the module's validator decides whether.
 */
@ServerFilter("/**")
class SessionCsrfFilter implements Ordered {

    private static final Set<HttpMethod> UNSAFE = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
            HttpMethod.DELETE);

    private final CsrfTokenValidator<HttpRequest<?>> validator;

    SessionCsrfFilter(CsrfTokenValidator<HttpRequest<?>> validator) {
        this.validator = validator;
    }

    @RequestFilter
    @Nullable
    HttpResponse<?> check(HttpRequest<?> request) {
        if (!UNSAFE.contains(request.getMethod())
                || !request.getCookies().contains(SessionCookies.SESSION_COOKIE)
                || passwordChecked(request)
                || request.getPath().equals("/api/events")
                || request.getPath().equals("/login")) {
            return null;
        }
        String token = request.getHeaders().get(SessionCookies.CSRF_HEADER);
        if (token != null && !token.isBlank() && validator.validateCsrfToken(request, token)) {
            return null;
        }
        return HttpResponse.status(HttpStatus.FORBIDDEN)
                .body(Map.of("error", token == null || token.isBlank()
                        ? "missing CSRF token (header " + SessionCookies.CSRF_HEADER + "); reload the console"
                        : "invalid CSRF token; reload the console"));
    }

    /**
     * Only a request whose own username and password were checked (HTTP Basic) is exempt: any other
     * {@code Authorization} header (empty, a bearer token, a wrong password) leaves the cookie in charge.
     */
    private static boolean passwordChecked(HttpRequest<?> request) {
        return request.getAttribute(ParleyAuthenticationProvider.PASSWORD_CHECKED, Boolean.class).orElse(false);
    }

    @Override
    public int getOrder() {
        // after micronaut-security's filter, like the module's own CSRF filter
        return ServerFilterPhase.SECURITY.order() + 100;
    }
}
