package io.parley.app;

import static io.parley.app.ParleyClient.event;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What a poisoned event or a careless client can do, on the real database: a NUL character, bodies the webhook
 * refuses (kept within bounds, listed without their bodies), values of the wrong kind, and error answers that never
 * carry the server's internals.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HardeningTest implements TestPropertyProvider {

    static final int MAX_BODY = 2000;
    static final int MAX_TOTAL = 5000;

    @Inject EmbeddedServer server;
    @Inject JsonMapper json;

    private ParleyClient parley;

    @Override
    public Map<String, String> getProperties() {
        return TestSettings.freshDataDir("parley.demo.seed-rules", "false",
                "parley.dead-letters.max-body", String.valueOf(MAX_BODY),
                "parley.dead-letters.max-total", String.valueOf(MAX_TOTAL));
    }

    @BeforeAll
    void client() {
        parley = new ParleyClient(server.getURL().toString(), json, "admin", "admin");
    }

    @Test
    void aNulCharacterInAnEventIsStoredAsTheReplacementCharacterAndTheRestOfTheDeliveryToo() {
        String poisoned = event("received-text.json")
                .replace("00000000-0000-0000-0000-000000000000", "nul-\\u0000-id")
                .replace("\"content\": \"Hello\"", "\"content\": \"He\\u0000llo\"")
                .replace("\"from\": \"{sender@id}\"", "\"from\": \"1555\\u00000001\"");
        String good = event("received-text.json").replace("00000000-0000-0000-0000-000000000000", "good-one")
                .replace("\"from\": \"{sender@id}\"", "\"from\": \"15550000002\"");
        String delivery = "[" + strip(poisoned) + "," + strip(good) + "]";
        HttpResponse<String> response = parley.postEvents("", delivery);
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"accepted\":2"), response.body());
        List<Map<String, Object>> messages = parley.messagesOf("1555\uFFFD0001");
        assertEquals("He\uFFFDllo", messages.get(0).get("text"));
        assertEquals("nul-\uFFFD-id", messages.get(0).get("eventId"));
        assertEquals(1, parley.messagesOf("15550000002").size(), "the good event of the delivery is stored");
        // a redelivery is recognised by the replaced id
        assertTrue(parley.postEvents("", delivery).body().contains("\"duplicates\":2"));
        // a NUL in the webhook's query is the webhook's business, not the admin API's refusal
        assertEquals(200, parley.postEvents("?x=%00", delivery).statusCode());
    }

    @Test
    void aNulCharacterInTheAdminApiIsNeverA5xx() {
        HttpResponse<String> rule = parley.admin("POST", "/api/rules", """
                {"name": "Nul\\u0000rule", "match": {"type": "KEYWORD", "value": "nul\\u0000word"},
                 "reply": {"type": "TEXT", "text": "Reply\\u0000text"}}""");
        assertEquals(201, rule.statusCode(), rule.body());
        Map<String, Object> stored = parley.object(parley.admin("GET", "/api/rules/" + parley.object(rule.body())
                .get("id"), null).body());
        assertEquals("Nul\uFFFDrule", stored.get("name"));

        HttpResponse<String> search = parley.admin("GET", "/api/conversations?search=%00", null);
        assertEquals(400, search.statusCode(), search.body());
        assertTrue(search.body().contains("'search'") && search.body().contains("U+0000"), search.body());
        assertEquals(400, parley.admin("GET", "/api/conversations?customerId=a%00b", null).statusCode());

        HttpResponse<String> test = parley.admin("POST", "/api/rules/test",
                "{\"text\": \"nul\\u0000word\", \"from\": \"1\\u00002\", \"channelId\": \"c\\u0000\"}");
        assertEquals(200, test.statusCode(), test.body());
        assertTrue(test.body().contains("\"matched\":true"), "the rule's replaced text matches: " + test.body());
    }

    @Test
    void refusedBodiesAreKeptCutToTheLimitListedWithoutBodiesAndTheOldestGoFirst() throws Exception {
        byte[] big = new byte[MAX_BODY + 1000];
        Arrays.fill(big, (byte) 'x');
        big[0] = '[';
        List<Long> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            big[1] = (byte) ('0' + i);
            HttpResponse<String> refused = postRaw(big);
            assertEquals(400, refused.statusCode(), refused.body());
            ids.add(((Number) parley.object(refused.body()).get("deadLetterId")).longValue());
        }
        List<Map<String, Object>> listed = parley.list("/api/dead-letters");
        // 4 x 2,000 bytes kept is more than the 5,000 allowed: the two oldest went
        assertEquals(List.of(ids.get(3), ids.get(2)), listed.stream().map(d -> ((Number) d.get("id")).longValue())
                .toList());
        for (Map<String, Object> letter : listed) {
            assertEquals(MAX_BODY + 1000, ((Number) letter.get("size")).intValue());
            assertEquals(MAX_BODY, ((Number) letter.get("keptSize")).intValue());
            assertEquals(Boolean.TRUE, letter.get("cut"));
            assertNull(letter.get("bodyText"), "a list carries no bodies");
        }
        HttpResponse<byte[]> body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        server.getURL() + "/api/dead-letters/" + ids.get(3) + "/body"))
                .header("Authorization", basic()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, body.statusCode());
        assertArrayEquals(Arrays.copyOf(big, MAX_BODY), body.body(), "the kept body, byte for byte");
        Map<String, Object> one = parley.object(parley.admin("GET", "/api/dead-letters/" + ids.get(3), null).body());
        assertEquals(new String(big, 0, 4096 > MAX_BODY ? MAX_BODY : 4096, StandardCharsets.UTF_8),
                one.get("bodyText"));
    }

    @Test
    void connectionsThatSendNothingAreClosedWithinEventGridsWait() {
        var config = server.getApplicationContext().getBean(io.micronaut.http.server.HttpServerConfiguration.class);
        assertTrue(config.getReadIdleTimeout().compareTo(java.time.Duration.ofSeconds(30)) <= 0,
                "read idle " + config.getReadIdleTimeout());
        assertTrue(config.getIdleTimeout().compareTo(java.time.Duration.ofSeconds(30)) <= 0,
                "idle " + config.getIdleTimeout());
    }

    @Test
    void errorAnswersNameTheFieldAndNeverTheInternals() {
        HttpResponse<String> fraction = parley.admin("POST", "/api/rules", """
                {"name": "Half", "priority": 1.5, "match": {"type": "ANY"}, "reply": {"type": "TEXT", "text": "x"}}""");
        assertEquals(400, fraction.statusCode(), fraction.body());
        Map<String, Object> error = parley.object(fraction.body());
        assertEquals(List.of(Map.of("field", "priority", "message", "must be a whole number, not 1.5")),
                error.get("fields"));
        HttpResponse<String> text = parley.admin("POST", "/api/rules", """
                {"name": "Word", "priority": "high", "match": {"type": "ANY"}, "reply": {"type": "TEXT", "text": "x"}}""");
        assertEquals(400, text.statusCode());
        assertTrue(text.body().contains("\"field\":\"priority\""), text.body());
        for (HttpResponse<String> answer : List.of(fraction, text,
                parley.admin("POST", "/api/rules", "{\"name\": "),
                parley.admin("GET", "/api/rules/not-a-number", null),
                parley.admin("POST", "/api/rules/test", "[1, 2]"),
                parley.admin("GET", "/api/conversations?limit=many", null))) {
            assertEquals(400, answer.statusCode(), answer.body());
            String body = answer.body();
            assertTrue(body.startsWith("{\"error\":"), body);
            assertFalse(body.contains("io.parley") || body.contains("io.micronaut") || body.contains("java.")
                    || body.contains("class ") || body.contains("SELECT") || body.contains("Exception"), body);
        }
    }

    private HttpResponse<String> postRaw(byte[] body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.getURL() + "/api/events"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic() {
        return "Basic " + java.util.Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8));
    }

    /** One event of an example delivery (the examples are arrays of one). */
    private static String strip(String delivery) {
        String trimmed = delivery.strip();
        return trimmed.substring(1, trimmed.length() - 1);
    }
}
