package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/** Password guessing through HTTP Basic and the login form: throttled per username, logged without the password. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignInThrottlingTest implements TestPropertyProvider {

    @Inject EmbeddedServer server;
    @Inject JsonMapper json;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Override
    public Map<String, String> getProperties() {
        return TestSettings.freshDataDir("parley.demo.seed-rules", "false", "parley.dispatcher.enabled", "false");
    }

    private ParleyClient as(String password) {
        return new ParleyClient(server.getURL().toString(), json, "admin", password);
    }

    private HttpResponse<String> login(String username, String password) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.getURL() + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "text/html,*/*;q=0.8")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + username + "&password=" + password))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void guessesAtOneNameAreThrottledOnBothPathsAndLoggedWithoutThePassword() throws Exception {
        Logger log = (Logger) LoggerFactory.getLogger("io.parley.app.security.ParleyAuthenticationProvider");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        log.addAppender(lines);
        try {
            // guessing at an unrelated name never locks the admin out
            for (int i = 0; i < 8; i++) {
                assertEquals(i < 5 ? 303 : 429, login("mallory", "guess-" + i).statusCode(), "guess " + i);
            }
            assertEquals(200, as("admin").admin("GET", "/api/rules", null).statusCode());

            for (int i = 0; i < 3; i++) {
                assertEquals(401, as("wrong-" + i).admin("GET", "/api/rules", null).statusCode());
            }
            assertEquals(303, login("admin", "wrong-3").statusCode(), "the form counts too");
            assertEquals(401, as("wrong-4").admin("GET", "/api/rules", null).statusCode());

            // the fifth failure was the last: now even the right password waits
            HttpResponse<String> basic = as("admin").admin("GET", "/api/rules", null);
            assertEquals(429, basic.statusCode(), basic.body());
            long retryAfter = Long.parseLong(basic.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(retryAfter > 800 && retryAfter <= 900, "Retry-After " + retryAfter);
            assertTrue(basic.body().contains("Too many failed sign-ins"), basic.body());
            HttpResponse<String> form = login("admin", "admin");
            assertEquals(429, form.statusCode());
            assertTrue(form.headers().firstValue("Retry-After").isPresent());
            assertTrue(form.body().contains("Too many failed sign-ins"), form.body());
            assertFalse(form.headers().allValues("Set-Cookie").stream().anyMatch(c -> c.startsWith("PARLEY_SESSION=")
                    && !c.startsWith("PARLEY_SESSION=;")), "no session for a throttled name");
        } finally {
            log.detachAppender(lines);
        }
        var failures = lines.list.stream().map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.startsWith("failed sign-in")).toList();
        assertEquals(5 + 5, failures.size(), failures.toString());
        assertTrue(failures.stream().anyMatch(m -> m.contains("\"admin\"") && m.contains("5 of 5")), failures.toString());
        assertTrue(failures.stream().noneMatch(m -> m.contains("wrong-") || m.contains("guess-")),
                "no password is ever logged: " + failures);
    }
}
