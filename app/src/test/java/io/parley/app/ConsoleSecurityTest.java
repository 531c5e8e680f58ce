package io.parley.app;

import static io.parley.app.ParleyClient.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The console's session over plain HTTP: form login, cookie flags, CSRF on every change made with the cookie, the
 * API's HTTP Basic unchanged, and the demo's customer phone going through the webhook.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleSecurityTest implements TestPropertyProvider {

    private static final String RULE = """
            {"name": "Hours", "match": {"type": "KEYWORD", "value": "hours"},
             "reply": {"type": "TEXT", "text": "9 to 5"}}""";

    @Inject EmbeddedServer server;
    @Inject JsonMapper json;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private ParleyClient basic;
    private Map<String, String> cookies;
    private String csrf;

    @Override
    public Map<String, String> getProperties() {
        return TestSettings.freshDataDir("parley.demo.seed-rules", "false", "parley.demo.sent-after", "50ms",
                "parley.demo.delivered-after", "100ms", "parley.demo.read-after", "150ms");
    }

    @BeforeAll
    void logIn() {
        basic = new ParleyClient(server.getURL().toString(), json, "admin", "admin");
        HttpResponse<String> login = send(form("/login", "username=admin&password=admin"));
        assertEquals(303, login.statusCode());
        assertEquals("/console/", login.headers().firstValue("Location").orElseThrow());
        cookies = cookiesOf(login);
        csrf = (String) object(send(get("/console/session").build()).body()).get("csrfToken");
    }

    @Test
    void theBrowsersOwnFaviconRequestFindsTheConsolesIcon() {
        HttpResponse<String> favicon = send(HttpRequest.newBuilder(uri("/favicon.ico")).GET().build());
        assertEquals(308, favicon.statusCode(), "a permanent redirect");
        assertEquals("/console/assets/favicon.svg", favicon.headers().firstValue("Location").orElseThrow());
        HttpResponse<String> icon = send(HttpRequest.newBuilder(uri("/console/assets/favicon.svg")).GET().build());
        assertEquals(200, icon.statusCode());
        assertTrue(icon.headers().firstValue("Content-Type").orElse("").startsWith("image/svg+xml"),
                icon.headers().map().toString());
    }

    @Test
    void aWrongPasswordSendsBackToTheLoginPageWithoutASession() {
        HttpResponse<String> login = send(form("/login", "username=admin&password=wrong"));
        assertEquals(303, login.statusCode());
        assertEquals("/console/login.html?error=1", login.headers().firstValue("Location").orElseThrow());
        assertFalse(cookiesOf(login).containsKey("PARLEY_SESSION"), login.headers().map().toString());
    }

    @Test
    void theSessionCookiesAreHttpOnlyStrictAndSecure() {
        HttpResponse<String> login = send(form("/login", "username=admin&password=admin"));
        List<String> setCookies = login.headers().allValues("Set-Cookie");
        for (String name : List.of("PARLEY_SESSION=", "PARLEY_CSRF=")) {
            String cookie = setCookies.stream().filter(c -> c.startsWith(name)).findFirst().orElseThrow();
            String flags = cookie.toLowerCase();
            assertTrue(flags.contains("httponly") && flags.contains("samesite=strict") && flags.contains("secure"),
                    cookie);
        }
    }

    @Test
    void pagesNeedASessionAndSendBrowsersToTheLoginPage() {
        HttpResponse<String> page = send(HttpRequest.newBuilder(uri("/console/")).header("Accept", "text/html")
                .GET().build());
        assertEquals(303, page.statusCode());
        assertEquals("/console/login.html", page.headers().firstValue("Location").orElseThrow());

        HttpResponse<String> withSession = send(get("/console/").header("Accept", "text/html").build());
        assertEquals(200, withSession.statusCode());
        String policy = withSession.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(policy.contains("script-src 'self'") && policy.contains("frame-ancestors 'none'"), policy);
        assertFalse(withSession.body().contains("<script>"), "no inline script on the console page");

        assertEquals(200, send(HttpRequest.newBuilder(uri("/console/login.html")).GET().build()).statusCode());
    }

    @Test
    void theConsolesOwnRequestsGet401WithoutABasicChallenge() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/rules"))
                .header("X-Requested-With", "parley-console").GET().build());
        assertEquals(401, response.statusCode());
        assertTrue(response.headers().firstValue("WWW-Authenticate").isEmpty(),
                "no browser password dialog over the console");
    }

    @Test
    void aChangeWithTheSessionCookieNeedsTheCsrfToken() {
        int before = basic.list("/api/rules").size();
        HttpResponse<String> none = send(post("/api/rules", RULE, null));
        assertEquals(403, none.statusCode(), none.body());
        assertTrue(none.body().contains("CSRF"), none.body());
        HttpResponse<String> forged = send(post("/api/rules", RULE, csrf.substring(0, csrf.length() - 2) + "xx"));
        assertEquals(403, forged.statusCode(), forged.body());
        assertEquals(before, basic.list("/api/rules").size(), "nothing was created by the refused requests");

        HttpResponse<String> created = send(post("/api/rules", RULE, csrf));
        assertEquals(201, created.statusCode(), created.body());
        Object id = object(created.body()).get("id");
        List<Map<String, Object>> history = basic.list("/api/rules/" + id + "/history");
        assertEquals("admin", history.get(0).get("changedBy"), "the session's user is recorded");
    }

    @Test
    void anAuthorizationHeaderThatDidNotAuthenticateDoesNotSkipTheCsrfCheck() {
        int before = basic.list("/api/rules").size();
        String wrongBasic = "Basic " + java.util.Base64.getEncoder().encodeToString("someone:else".getBytes());
        for (String authorization : List.of("Foo bar", "Bearer x", "", "Basic", wrongBasic)) {
            HttpRequest request = HttpRequest.newBuilder(uri("/api/rules")).header("Cookie", cookieHeader(cookies))
                    .header("Content-Type", "application/json").header("Authorization", authorization)
                    .POST(HttpRequest.BodyPublishers.ofString(RULE)).build();
            HttpResponse<String> response = send(request);
            assertTrue(response.statusCode() == 403 || response.statusCode() == 401,
                    "'" + authorization + "' -> " + response.statusCode() + " " + response.body());
        }
        assertEquals(before, basic.list("/api/rules").size(), "the cookie alone created nothing");
    }

    @Test
    void logoutWithoutAContentTypeIsALogoutNotA404() {
        HttpResponse<String> login = send(form("/login", "username=admin&password=admin"));
        Map<String, String> mine = cookiesOf(login);
        HttpResponse<String> out = send(HttpRequest.newBuilder(uri("/logout"))
                .header("Cookie", cookieHeader(mine)).header("X-CSRF-TOKEN", mine.get("PARLEY_CSRF"))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(303, out.statusCode(), out.body());
        assertTrue(out.headers().allValues("Set-Cookie").stream().anyMatch(c -> c.startsWith("PARLEY_SESSION=;")));
    }

    @Test
    void theApiKeepsHttpBasicWithoutCsrf() {
        HttpResponse<String> created = basic.admin("POST", "/api/rules", RULE.replace("Hours", "Basic hours"));
        assertEquals(201, created.statusCode(), created.body());
        assertEquals(401, new ParleyClient(server.getURL().toString(), json, "admin", "nope")
                .admin("GET", "/api/rules", null).statusCode());
    }

    @Test
    void aTamperedSessionIsRefused() {
        String session = cookies.get("PARLEY_SESSION");
        String tampered = session.substring(0, session.length() - 3) + (session.endsWith("AAA") ? "BBB" : "AAA");
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/rules"))
                .header("Cookie", "PARLEY_SESSION=" + tampered).GET().build());
        assertEquals(401, response.statusCode());
    }

    @Test
    void logoutClearsTheSessionCookie() {
        HttpResponse<String> login = send(form("/login", "username=admin&password=admin"));
        Map<String, String> mine = cookiesOf(login);
        HttpRequest.Builder logout = HttpRequest.newBuilder(uri("/logout"))
                .header("Cookie", cookieHeader(mine))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.noBody());
        assertEquals(403, send(logout.build()).statusCode(), "logout is a change: it needs the CSRF token");
        HttpResponse<String> out = send(logout.header("X-CSRF-TOKEN", mine.get("PARLEY_CSRF")).build());
        assertEquals(303, out.statusCode());
        String cleared = out.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("PARLEY_SESSION=")).findFirst().orElseThrow();
        assertTrue(cleared.startsWith("PARLEY_SESSION=;") && cleared.contains("Max-Age=0"), cleared);
    }

    @Test
    void theCustomerPhoneWritesThroughTheWebhookAndGetsTheBotsReply() {
        assertEquals(201, basic.admin("POST", "/api/rules", """
                {"name": "Phone hello", "match": {"type": "KEYWORD", "value": "hello phone"},
                 "reply": {"type": "TEXT", "text": "Hi from the bot"}}""").statusCode());
        HttpResponse<String> bad = send(post("/console/demo/messages", "{\"from\": \"abc\", \"text\": \"x\"}", csrf));
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("from must be a phone number"), bad.body());
        HttpResponse<String> empty = send(post("/console/demo/messages", "{\"from\": \"15557770001\"}", csrf));
        assertEquals(400, empty.statusCode());

        HttpResponse<String> sent = send(post("/console/demo/messages",
                "{\"from\": \"15557770001\", \"text\": \"Hello phone\"}", csrf));
        assertEquals(202, sent.statusCode(), sent.body());
        await(Duration.ofSeconds(10), "the reply to be read", () -> {
            List<Map<String, Object>> messages = basic.messagesOf("15557770001");
            return messages.size() == 2 && "READ".equals(messages.get(1).get("status"));
        });
        List<Map<String, Object>> messages = basic.messagesOf("15557770001");
        assertEquals("Hello phone", messages.get(0).get("text"));
        assertNotEquals(null, messages.get(0).get("eventId"), "it arrived as an Event Grid event");
        assertEquals("Hi from the bot", messages.get(1).get("text"));

        HttpResponse<String> button = send(post("/console/demo/messages",
                "{\"from\": \"15557770001\", \"buttonPayload\": \"confirm-1\"}", csrf));
        assertEquals(202, button.statusCode());
        await(Duration.ofSeconds(10), "the button message", () -> basic.messagesOf("15557770001").stream()
                .anyMatch(m -> "button".equals(m.get("kind"))));
    }

    @Test
    void theInboxSearchFindsCustomersByPartOfTheirNumber() {
        send(post("/console/demo/messages", "{\"from\": \"15559990042\", \"text\": \"search me\"}", csrf));
        await(Duration.ofSeconds(10), "the conversation", () -> !basic.list(
                "/api/conversations?customerId=15559990042").isEmpty());
        List<Map<String, Object>> found = basic.list("/api/conversations?search=999004");
        assertEquals(List.of("15559990042"), found.stream().map(c -> c.get("customerId")).toList());
        assertTrue(basic.list("/api/conversations?search=%25").isEmpty(), "% is a character, not a wildcard");
        Map<String, Object> conversation = found.get(0);
        assertEquals(Boolean.TRUE, conversation.get("windowOpen"), conversation.toString());
    }

    // ---------- helpers ----------

    private URI uri(String path) {
        return URI.create(server.getURL() + path);
    }

    private HttpRequest form(String path, String body) {
        return HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(uri(path)).header("Cookie", cookieHeader(cookies)).GET();
    }

    private HttpRequest post(String path, String body, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).header("Cookie", cookieHeader(cookies))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            builder.header("X-CSRF-TOKEN", token);
        }
        return builder.build();
    }

    private static String cookieHeader(Map<String, String> cookies) {
        return cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; "));
    }

    private static Map<String, String> cookiesOf(HttpResponse<?> response) {
        return ParleyClient.cookiesOf(response);
    }

    private HttpResponse<String> send(HttpRequest request) {
        return ParleyClient.send(http, request);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> object(String body) {
        try {
            return json.readValue(body, Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
