package io.parley.app.security;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.security.authentication.AuthorizationException;
import io.micronaut.security.authentication.DefaultAuthorizationExceptionHandler;
import io.parley.domain.model.Role;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.Map;

/**
 * What a request that is not allowed gets. A browser opening a console page is sent to the login page; everything
 * else gets 401 (or 403) with {@code {"error": ...}}. The API's 401 carries the Basic challenge for tools like curl,
 * but not for the console's own requests ({@code X-Requested-With}), so that an expired session shows the login
 * page instead of the browser's password dialog.
 */
@Singleton
@Replaces(DefaultAuthorizationExceptionHandler.class)
class AdminAuthorizationExceptionHandler implements ExceptionHandler<AuthorizationException, MutableHttpResponse<?>> {

    static final String LOGIN_PAGE = "/console/login.html";
    static final String REQUESTED_WITH = "X-Requested-With";

    @Override
    public MutableHttpResponse<?> handle(HttpRequest request, AuthorizationException exception) {
        String path = request.getPath();
        if (exception.isForbidden()) {
            return HttpResponse.status(HttpStatus.FORBIDDEN).body(forbidden(request));
        }
        var throttled = SignInRefusals.throttled(request);
        if (throttled.isPresent()) {
            return SignInRefusals.tooManyFailures(request, throttled.get());
        }
        boolean page = request.getMethod().name().equals("GET") && path.startsWith("/console")
                && request.getHeaders().accept().stream().anyMatch(MediaType.TEXT_HTML_TYPE::equals);
        if (page) {
            return HttpResponse.seeOther(URI.create(LOGIN_PAGE));
        }
        boolean hadCredentials = request.getHeaders().contains(HttpHeaders.AUTHORIZATION)
                || request.getCookies().contains(SessionCookies.SESSION_COOKIE);
        MutableHttpResponse<?> response = HttpResponse.unauthorized()
                .body(Map.of("error", hadCredentials ? "wrong username or password, or the session has expired"
                        : "authentication required"));
        if (!request.getHeaders().contains(REQUESTED_WITH)) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"Parley admin\", charset=\"UTF-8\"");
        }
        return response;
    }

    /** Why: the role the route needs and the one the user has, or the password they must choose first. */
    private static Map<String, String> forbidden(HttpRequest<?> request) {
        if (request.getAttribute(RoleRule.PASSWORD_FIRST, Boolean.class).orElse(false)) {
            return Map.of("error", "choose your own password first: your password was given to you by someone "
                    + "else", "code", "PASSWORD_CHANGE_REQUIRED");
        }
        var needed = request.getAttribute(RoleRule.NEEDED, Role.class);
        if (needed.isPresent()) {
            String has = request.getAttribute(RoleRule.HAS, Role.class).map(r -> "; you are " + article(r)
                    + " " + r.label()).orElse("");
            return Map.of("error", "this needs the " + needed.get().label() + " role"
                    + (needed.get() == Role.ADMIN ? "" : " (or Admin)") + has,
                    "role", needed.get().name());
        }
        return Map.of("error", "not allowed");
    }

    private static String article(Role role) {
        return role == Role.ADMIN || role == Role.AGENT || role == Role.EDITOR ? "an" : "a";
    }
}
