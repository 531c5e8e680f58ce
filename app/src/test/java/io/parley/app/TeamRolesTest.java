package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.http.HttpMethod;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every route of the API, called by every role: the role the contract gives each route is let through (whatever
 * the route then answers, never a 5xx), every other role gets 403 naming it, nobody signed in gets 401. The table
 * below is written by hand from the contract; a route it does not name fails the test, so that a new route cannot
 * go out without a decision about who may use it.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TeamRolesTest implements TestPropertyProvider {

    static final String PASSWORD = "correct horse battery";

    /** "METHOD template" → the least role that may use it. */
    static final Map<String, String> NEEDS = new LinkedHashMap<>();

    static {
        for (String viewer : List.of("GET /api/rules", "GET /api/rules/{id}", "GET /api/rules/{id}/history",
                "GET /api/rules/export", "GET /api/flows", "GET /api/flows/{id}", "GET /api/flows/{id}/history",
                "GET /api/flows/export", "GET /api/conversations", "GET /api/conversations/{id}",
                "GET /api/conversations/{id}/messages", "GET /api/messages/{id}", "GET /api/status-reports",
                "GET /api/media/{id}", "GET /api/analytics/summary", "GET /api/analytics/rules",
                "GET /api/analytics/unanswered", "GET /api/analytics/flows/{id}", "GET /api/analytics/timeseries",
                "GET /api/channels", "POST /api/conversations/{id}/seen", "GET /api/conversations/{id}/export")) {
            NEEDS.put(viewer, "VIEWER");
        }
        for (String agent : List.of("POST /api/conversations/{id}/messages", "POST /api/conversations/{id}/release",
                "POST /api/conversations/{id}/flow/cancel")) {
            NEEDS.put(agent, "AGENT");
        }
        for (String editor : List.of("POST /api/rules", "PUT /api/rules/{id}", "DELETE /api/rules/{id}",
                "POST /api/rules/{id}/enable", "POST /api/rules/{id}/disable",
                "POST /api/rules/{id}/history/{version}/restore", "POST /api/rules/import", "POST /api/rules/reorder",
                "POST /api/rules/replay", "POST /api/rules/test", "POST /api/flows", "PUT /api/flows/{id}",
                "DELETE /api/flows/{id}", "POST /api/flows/{id}/history/{version}/restore", "POST /api/flows/import",
                "POST /api/flows/{id}/test", "POST /api/flows/test")) {
            NEEDS.put(editor, "EDITOR");
        }
        for (String admin : List.of("PUT /api/channels/{channelId}", "GET /api/users", "POST /api/users",
                "GET /api/users/{username}", "GET /api/audit/actions",
                "PUT /api/users/{username}", "DELETE /api/users/{username}", "GET /api/audit",
                "GET /api/dead-letters", "GET /api/dead-letters/{id}", "GET /api/dead-letters/{id}/body",
                "GET /api/customers/{customerId}", "GET /api/customers/{customerId}/export",
                "DELETE /api/customers/{customerId}")) {
            NEEDS.put(admin, "ADMIN");
        }
    }

    @Inject EmbeddedServer server;
    @Inject JsonMapper json;
    @Inject Router router;

    private ParleyClient admin;

    @Override
    public Map<String, String> getProperties() {
        return TestSettings.freshDataDir("parley.demo.seed-rules", "false", "parley.demo.seed-team", "false");
    }

    @BeforeAll
    void team() {
        admin = new ParleyClient(server.getURL().toString(), json, "admin", "admin");
        for (String role : List.of("VIEWER", "AGENT", "EDITOR", "ADMIN")) {
            HttpResponse<String> created = admin.admin("POST", "/api/users", "{\"username\": \"" + role.toLowerCase()
                    + "-user\", \"password\": \"" + PASSWORD + "\", \"role\": \"" + role
                    + "\", \"oneTimePassword\": false}");
            assertEquals(201, created.statusCode(), created.body());
        }
    }

    @Test
    void everyRouteOfTheApiIsInTheTable() {
        List<String> routes = apiRoutes();
        List<String> missing = routes.stream().filter(r -> !NEEDS.containsKey(r)).toList();
        assertTrue(missing.isEmpty(), "routes without a role in this test's table: " + missing);
        List<String> gone = NEEDS.keySet().stream().filter(r -> !routes.contains(r)).toList();
        assertTrue(gone.isEmpty(), "routes in the table the server does not have: " + gone);
    }

    @Test
    void everyRouteLetsItsRolesThroughAndRefusesTheOthersNamingTheRole() {
        List<String> problems = new ArrayList<>();
        for (String route : apiRoutes()) {
            String needs = NEEDS.get(route);
            if (needs == null) {
                continue; // reported by everyRouteOfTheApiIsInTheTable
            }
            String method = route.substring(0, route.indexOf(' '));
            String path = concrete(route.substring(route.indexOf(' ') + 1));
            String body = method.equals("GET") || method.equals("DELETE") ? null : "{}";
            HttpResponse<String> anonymous = anonymous(method, path, body);
            if (anonymous.statusCode() != 401) {
                problems.add(route + " without credentials answered " + anonymous.statusCode());
            }
            for (String role : List.of("VIEWER", "AGENT", "EDITOR", "ADMIN")) {
                HttpResponse<String> answer = as(role).admin(method, path, body);
                boolean allowed = grants(role, needs);
                if (allowed && (answer.statusCode() == 403 || answer.statusCode() == 401
                        || answer.statusCode() >= 500)) {
                    problems.add(route + " as " + role + " answered " + answer.statusCode() + ": " + answer.body());
                } else if (!allowed && (answer.statusCode() != 403
                        || !needs.equals(admin.object(answer.body()).get("role")))) {
                    problems.add(route + " as " + role + " should be 403 naming " + needs + ", was "
                            + answer.statusCode() + ": " + answer.body());
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void aRefusalSaysInWordsWhichRoleItNeedsAndWhichTheUserHas() {
        HttpResponse<String> refused = as("VIEWER").admin("POST", "/api/rules", "{}");
        assertEquals(403, refused.statusCode());
        assertEquals("this needs the Editor role (or Admin); you are a Viewer",
                admin.object(refused.body()).get("error"));
        HttpResponse<String> users = as("EDITOR").admin("GET", "/api/users", null);
        assertEquals("this needs the Admin role; you are an Editor", admin.object(users.body()).get("error"));
    }

    @Test
    void everyUserReadsTheirOwnAccountButNoOneElses() {
        HttpResponse<String> own = as("VIEWER").admin("GET", "/api/users/viewer-user", null);
        assertEquals(200, own.statusCode(), own.body());
        assertEquals("VIEWER", admin.object(own.body()).get("role"));
        assertFalse(own.body().contains("argon2") || own.body().contains(PASSWORD), own.body());
        assertEquals(403, as("VIEWER").admin("GET", "/api/users/agent-user", null).statusCode());
    }

    private static boolean grants(String role, String needs) {
        return role.equals("ADMIN") || role.equals(needs) || needs.equals("VIEWER");
    }

    private ParleyClient as(String role) {
        return new ParleyClient(server.getURL().toString(), json, role.toLowerCase() + "-user", PASSWORD);
    }

    private HttpResponse<String> anonymous(String method, String path, String body) {
        try {
            var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.getURL() + path))
                    .header("Content-Type", "application/json")
                    .method(method, body == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                            : java.net.http.HttpRequest.BodyPublishers.ofString(body)).build();
            return java.net.http.HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The API's routes as "METHOD template", the webhook left out (it has its own protection). */
    private List<String> apiRoutes() {
        TreeSet<String> routes = new TreeSet<>();
        router.uriRoutes().forEach((UriRouteInfo<?, ?> r) -> {
            String template = r.getUriMatchTemplate().toString().replaceAll("\\{\\?[^}]*}", "");
            if (template.startsWith("/api/") && !template.startsWith("/api/events")
                    && r.getHttpMethod() != HttpMethod.OPTIONS && r.getHttpMethod() != HttpMethod.HEAD) {
                routes.add(r.getHttpMethod() + " " + template);
            }
        });
        return new ArrayList<>(routes);
    }

    private static final Pattern VARIABLE = Pattern.compile("\\{([a-zA-Z]+)}");

    /** A path for the template whose variables name nothing that exists: ids, versions, a username. */
    private static String concrete(String template) {
        Matcher m = VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = switch (m.group(1)) {
                case "username" -> "nobody-here";
                case "version" -> "99";
                default -> template.contains("/conversations/") || template.contains("/messages/")
                        || template.contains("/media/") ? UUID.randomUUID().toString() : "999999";
            };
            m.appendReplacement(out, value);
        }
        m.appendTail(out);
        return out.toString();
    }
}
