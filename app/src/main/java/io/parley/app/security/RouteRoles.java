package io.parley.app.security;

import io.micronaut.http.HttpMethod;
import io.parley.domain.model.Role;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The role each route of the API needs, in one table, first match wins. Reading is for every role; talking to
 * customers is for agents; changing what the bot says is for editors; the team, the audit log, customers' data and
 * dead letters are for admins. A route this table does not name needs an admin to change anything, so a new
 * route is closed until someone decides who may use it.
 */
final class RouteRoles {

    /** Any method. */
    private static final HttpMethod ANY = null;

    private record Route(HttpMethod method, Pattern path, Role role) {
        boolean matches(HttpMethod m, String p) {
            return (method == null || method == m) && path.matcher(p).matches();
        }
    }

    private static final List<Route> ROUTES = List.of(
            route(ANY, "/api/users(/.*)?", Role.ADMIN),
            route(ANY, "/api/audit(/.*)?", Role.ADMIN),
            route(ANY, "/api/customers(/.*)?", Role.ADMIN),
            route(ANY, "/api/dead-letters(/.*)?", Role.ADMIN),
            route(HttpMethod.POST, "/api/conversations/[^/]+/messages", Role.AGENT),
            route(HttpMethod.POST, "/api/conversations/[^/]+/release", Role.AGENT),
            route(HttpMethod.POST, "/api/conversations/[^/]+/flow/cancel", Role.AGENT),
            // marks the caller's own unread messages read: every role reads the inbox
            route(HttpMethod.POST, "/api/conversations/[^/]+/seen", Role.VIEWER),
            route(HttpMethod.GET, "/api/.*", Role.VIEWER),
            route(HttpMethod.HEAD, "/api/.*", Role.VIEWER),
            route(ANY, "/api/rules(/.*)?", Role.EDITOR),
            route(ANY, "/api/flows(/.*)?", Role.EDITOR),
            route(ANY, "/api/.*", Role.ADMIN));

    private static final Pattern OWN_USER = Pattern.compile("/api/users/([^/]+)");

    private RouteRoles() {
    }

    private static Route route(HttpMethod method, String path, Role role) {
        return new Route(method, Pattern.compile(path), role);
    }

    /** The role a request to {@code path} needs; empty for a path outside the API. */
    static Optional<Role> needed(HttpMethod method, String path) {
        if (!path.startsWith("/api/") || path.equals("/api/events")) {
            return Optional.empty();
        }
        for (Route route : ROUTES) {
            if (route.matches(method, path)) {
                return Optional.of(route.role());
            }
        }
        return Optional.of(Role.ADMIN);
    }

    /**
     * Whether the request is a user's change of their own password, the one thing a user whose password must be
     * changed may do (and which every role may do for itself; the service refuses a role change by a non-admin).
     */
    static boolean ownUser(HttpMethod method, String path, String username) {
        if (method != HttpMethod.PUT && method != HttpMethod.GET) {
            return false;
        }
        var matcher = OWN_USER.matcher(path);
        return matcher.matches() && java.net.URLDecoder.decode(matcher.group(1),
                java.nio.charset.StandardCharsets.UTF_8).equalsIgnoreCase(username);
    }
}
