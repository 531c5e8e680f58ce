package io.parley.app.security;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.handlers.LogoutHandler;
import io.micronaut.security.rules.SecurityRule;

/**
 * {@code POST /logout}: clears the session cookie. micronaut-security's own endpoint (turned off in application.yml)
 * only matches form and JSON bodies, so a plain {@code POST /logout} without a content type was a 404; this one takes
 * any. A cookie-carrying logout is a change like any other and needs the CSRF token ({@link SessionCsrfFilter}).
 */
@Controller("/logout")
@Secured(SecurityRule.IS_ANONYMOUS)
class ConsoleLogoutController {

    private final LogoutHandler<HttpRequest<?>, MutableHttpResponse<?>> logoutHandler;

    ConsoleLogoutController(LogoutHandler<HttpRequest<?>, MutableHttpResponse<?>> logoutHandler) {
        this.logoutHandler = logoutHandler;
    }

    @Post(consumes = MediaType.ALL)
    MutableHttpResponse<?> logout(HttpRequest<?> request) {
        return logoutHandler.logout(request);
    }
}
