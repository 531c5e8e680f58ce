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
import io.parley.app.security.UserDirectory;
import io.parley.domain.model.Role;
import io.parley.domain.model.UserAccount;
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
    private final UserDirectory directory;

    ConsoleController(ParleyMode mode, CsrfLoginCookieProvider csrfCookies,
                      @io.micronaut.context.annotation.Value("${parley.demo.channel-id}") String demoChannelId,
                      UserDirectory directory) {
        this.directory = directory;
        this.mode = mode;
        this.csrfCookies = csrfCookies;
        this.demoChannelId = demoChannelId;
    }

    @Get
    HttpResponse<?> root() {
        return HttpResponse.seeOther(URI.create("/console/"));
    }

    /** Browsers ask for it on their own: the console's icon instead of a 404 in every log. */
    @Get("/favicon.ico")
    HttpResponse<?> favicon() {
        return HttpResponse.permanentRedirect(URI.create("/console/assets/favicon.svg"));
    }

    /**
     * Who is logged in, the CSRF token the page must send with every change (read from the HttpOnly CSRF cookie,
     * which a new one replaces when it is missing), and whether the demo's customer phone is available (with
     * the simulated WhatsApp number it writes to). The role says what the console offers (the server checks
     * every request anyway); {@code mustChangePassword}: the console asks for a new password before anything else.
     */
    @Get("/console/session")
    HttpResponse<Session> session(HttpRequest<?> request, @Nullable Principal principal) {
        String token = request.getCookies().findCookie(SessionCookies.CSRF_COOKIE).map(Cookie::getValue).orElse(null);
        Cookie fresh = null;
        if (token == null || token.isBlank()) {
            fresh = csrfCookies.provideCookie(request);
            token = fresh.getValue();
        }
        String name = principal == null ? "unknown" : principal.getName();
        Role role = directory.role(name).orElse(Role.VIEWER);
        boolean mustChange = directory.user(name).map(UserAccount::mustChangePassword).orElse(false);
        MutableHttpResponse<Session> response = HttpResponse.ok(new Session(name, token, mode.isDemo(),
                mode.isDemo() ? demoChannelId : null, role.name(), role.label(), mustChange,
                new Can(role.grants(Role.AGENT), role.grants(Role.EDITOR), role == Role.ADMIN),
                directory.isBootstrapAdmin(name), java.util.Arrays.stream(Role.values())
                .map(r -> new RoleWords(r.name(), r.label(), r.description())).toList()));
        if (fresh != null) {
            response.cookie(fresh);
        }
        return response;
    }

    /**
     * @param fromSettings the admin of the settings, whose password is changed there and not in the console
     */
    @Serdeable
    record Session(String username, String csrfToken, boolean demo, @Nullable String demoChannelId, String role,
                   String roleLabel, boolean mustChangePassword, Can can, boolean fromSettings,
                   java.util.List<RoleWords> roles) {
    }

    /** A role as the team page describes it. */
    @Serdeable
    record RoleWords(String role, String label, String description) {
    }

    /** What the role lets the console offer: answering customers, changing rules and flows, the admin pages. */
    @Serdeable
    record Can(boolean answer, boolean edit, boolean administer) {
    }
}
