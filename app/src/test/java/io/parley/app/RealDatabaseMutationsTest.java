package io.parley.app;

import static io.parley.app.ParleyClient.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.parley.adapters.eventgrid.DeliveryMutations;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Seeded random mutations of real deliveries against the whole app on its real database: bad input must never
 * reach the database as an error (a 5xx would make Event Grid retry it forever), and every refused body or event
 * must be found among the dead letters.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealDatabaseMutationsTest implements TestPropertyProvider {

    private static final Pattern DEAD_LETTERED = Pattern.compile("\"deadLettered\":(\\d+)");

    @Inject EmbeddedServer server;
    @Inject JsonMapper json;

    @Override
    public Map<String, String> getProperties() {
        return TestSettings.freshDataDir("parley.demo.sent-after", "10ms", "parley.demo.delivered-after", "20ms",
                "parley.demo.read-after", "30ms");
    }

    @Test
    void oneThousandMutationsNeverCauseA5xxAndEveryRefusalIsKept() throws Exception {
        ParleyClient parley = new ParleyClient(server.getURL().toString(), json, "admin", "admin");
        HttpClient http = HttpClient.newHttpClient();
        Random random = new Random(20261121);
        List<String> seeds = List.of("received-text.json", "received-media.json", "received-button.json",
                "received-interactive-list.json", "received-reaction.json", "received-username-bsuid.json",
                "status-sent.json", "status-failed.json", "analysis-completed.json", "cloudevent-received-text.json");
        int expectedDeadLetters = 0;
        for (int i = 0; i < 1000; i++) {
            byte[] body = DeliveryMutations.mutate(event(seeds.get(random.nextInt(seeds.size()))), random, i);
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create(server.getURL() + "/api/events"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            assertTrue(status == 200 || status == 400 || status == 413,
                    "mutation " + i + " got " + status + ": " + response.body());
            if (status != 200) {
                expectedDeadLetters++;
            } else {
                Matcher m = DEAD_LETTERED.matcher(response.body());
                if (m.find()) {
                    expectedDeadLetters += Integer.parseInt(m.group(1));
                }
            }
        }
        assertEquals(expectedDeadLetters, parley.list("/api/dead-letters?limit=1000").size());
        assertTrue(expectedDeadLetters > 100, "the mutations exercise the refusal path: " + expectedDeadLetters);
        assertEquals(200, parley.get("/health").statusCode());
    }
}
