package io.parley.app.console;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.security.csrf.repository.CsrfLoginCookieProvider;
import io.micronaut.serde.annotation.Serdeable;
import io.parley.app.config.ParleyMode;
import io.parley.app.security.SessionCookies;
import io.swagger.v3.oas.annotations.Hidden;
import java.net.URI;
import java.security.Principal;

/** The web console's entry points; its pages are static files under {@code classpath:console}. */
@Hidden
@Controller
class ConsoleController {

    private final ParleyMode mode;
    private final CsrfLoginCookieProvider csrfCookies;
    private final String demoChannelId;

    ConsoleController(ParleyMode mode, CsrfLoginCookieProvider csrfCookies,
                      @io.micronaut.context.annotation.Value("${parley.demo.channel-id}") String demoChannelId) {
        this.mode = mode;
        this.csrfCookies = csrfCookies;
        this.demoChannelId = demoChannelId;
    }

    @Get
    HttpResponse<?> root() {
        return HttpResponse.seeOther(URI.create("/console/"));
    }

    /**
     * Who is logged in, the CSRF token the page must send with every change (read from the HttpOnly CSRF cookie,
     * which a new one replaces when it is missing), and whether the demo's customer phone is available (with
     * the simulated WhatsApp number it writes to).
     */
    @Get("/console/session")
    HttpResponse<Session> session(HttpRequest<?> request, @Nullable Principal principal) {
        String token = request.getCookies().findCookie(SessionCookies.CSRF_COOKIE).map(Cookie::getValue).orElse(null);
        Cookie fresh = null;
        if (token == null || token.isBlank()) {
            fresh = csrfCookies.provideCookie(request);
            token = fresh.getValue();
        }
        MutableHttpResponse<Session> response = HttpResponse.ok(new Session(
                principal == null ? "unknown" : principal.getName(), token, mode.isDemo(),
                mode.isDemo() ? demoChannelId : null));
        if (fresh != null) {
            response.cookie(fresh);
        }
        return response;
    }

    @Serdeable
    record Session(String username, String csrfToken, boolean demo, @Nullable String demoChannelId) {
    }
}
