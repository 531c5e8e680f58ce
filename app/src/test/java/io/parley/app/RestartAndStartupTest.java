package io.parley.app;

import static io.parley.app.ParleyClient.await;
import static io.parley.app.ParleyClient.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What survives a restart, and what Parley refuses to start with. */
class RestartAndStartupTest {

    private static EmbeddedServer start(Map<String, Object> properties) {
        return ApplicationContext.run(EmbeddedServer.class, properties);
    }

    private static ParleyClient client(EmbeddedServer server) {
        return new ParleyClient(server.getURL().toString(), server.getApplicationContext().getBean(JsonMapper.class),
                "admin", "admin");
    }

    @Test
    void aRestartLosesNothingAndDoesNotReseedRules() throws Exception {
        Path dataDir = Files.createTempDirectory("parley-restart");
        Map<String, Object> properties = new HashMap<>(Map.of("parley.data-dir", dataDir.toString(),
                "micronaut.server.port", -1,
                "parley.demo.sent-after", "20ms", "parley.demo.delivered-after", "40ms",
                "parley.demo.read-after", "60ms"));
        int rulesBefore;
        try (EmbeddedServer first = start(properties)) {
            ParleyClient parley = client(first);
            assertEquals(200, parley.postEvents("", event("received-text.json")).statusCode());
            await(Duration.ofSeconds(10), "READ", () -> {
                List<Map<String, Object>> messages = parley.messagesOf("{sender@id}");
                return messages.size() == 2 && "READ".equals(messages.get(1).get("status"));
            });
            Map<String, Object> fallback = parley.list("/api/rules").stream()
                    .filter(r -> "Fallback".equals(r.get("name"))).findFirst().orElseThrow();
            assertEquals(204, parley.admin("DELETE", "/api/rules/" + ((Number) fallback.get("id")).longValue(), null)
                    .statusCode());
            rulesBefore = parley.list("/api/rules").size();
        }
        assertTrue(Files.exists(dataDir.resolve("parley.mv.db")), "the database lives under PARLEY_DATA_DIR");
        try (EmbeddedServer second = start(properties)) {
            ParleyClient parley = client(second);
            List<Map<String, Object>> messages = parley.messagesOf("{sender@id}");
            assertEquals(2, messages.size());
            assertEquals("READ", messages.get(1).get("status"));
            assertEquals(rulesBefore, parley.list("/api/rules").size(), "deleted demo rules stay deleted");
            // the same event delivered after the restart is still recognised
            assertTrue(parley.postEvents("", event("received-text.json")).body().contains("\"duplicates\":1"));
            assertEquals(2, parley.messagesOf("{sender@id}").size());
        }
    }

    @Test
    void productionModeRefusesToStartWithoutAnAdminPasswordOrAWebhookSecret() throws Exception {
        assertRefused(Map.of("parley.webhook.secret", "s"), "PARLEY_ADMIN_PASSWORD");
        assertRefused(Map.of("parley.admin.password", "a-long-password"), "PARLEY_WEBHOOK_SECRET");
        assertRefused(Map.of("parley.admin.password", "eleven-char", "parley.webhook.secret", "s"),
                "shorter than 12 characters");
    }

    @Test
    void settingsOutsideTheirRangeAreRefusedAtStartNamingTheVariable() throws Exception {
        Map<String, Object> production = Map.of("parley.admin.password", "a-long-password",
                "parley.webhook.secret", "s");
        for (Map.Entry<String, String> wrong : Map.of("parley.dispatcher.parallelism", "0",
                "parley.retention.events", "1h", "parley.guards.loop-threshold", "1",
                "parley.dead-letters.max-total", "10").entrySet()) {
            Map<String, Object> settings = new HashMap<>(production);
            settings.put(wrong.getKey(), wrong.getValue());
            String variable = "PARLEY_" + wrong.getKey().substring("parley.".length()).toUpperCase()
                    .replace('.', '_').replace('-', '_');
            assertRefused(settings, variable);
        }
    }

    @Test
    void aLeaseShorterThanASendMayTakeIsRefusedAtStart() throws Exception {
        assertRefused(Map.of("parley.admin.password", "a-long-password", "parley.webhook.secret", "s",
                "parley.dispatcher.lease", "30s", "parley.acs.timeout", "30s"), "PARLEY_DISPATCHER_LEASE");
    }

    @Test
    void entraIdProtectionAloneIsEnoughToStartInProductionMode() throws Exception {
        Map<String, Object> properties = new HashMap<>(Map.of(
                "parley.data-dir", Files.createTempDirectory("parley-entra").toString(),
                "micronaut.server.port", -1,
                "parley.acs.connection-string", "endpoint=https://127.0.0.1:1/;accesskey=c2VjcmV0",
                "parley.admin.password", "entra-password",
                "parley.webhook.entra.audience", "api://parley",
                "parley.webhook.entra.issuer", "https://login.microsoftonline.com/t/v2.0",
                "parley.webhook.entra.jwks-uri", "https://login.microsoftonline.com/t/discovery/v2.0/keys"));
        try (EmbeddedServer server = start(properties)) {
            ParleyClient parley = client(server);
            assertEquals(401, parley.postEvents("", event("received-text.json")).statusCode(),
                    "no bearer token, no delivery");
        }
    }

    private static void assertRefused(Map<String, Object> settings, String named) throws Exception {
        Map<String, Object> properties = new HashMap<>(settings);
        properties.put("parley.data-dir", Files.createTempDirectory("parley-refuse").toString());
        properties.put("micronaut.server.port", -1);
        properties.put("parley.acs.connection-string", "endpoint=https://127.0.0.1:1/;accesskey=c2VjcmV0");
        Exception refused = assertThrows(Exception.class, () -> start(properties).close());
        assertTrue(rootMessage(refused).contains(named), rootMessage(refused));
    }

    private static String rootMessage(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c.getMessage()).append(" | ");
        }
        return all.toString();
    }
}
