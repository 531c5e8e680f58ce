package io.parley.app.demo;

import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Demo mode's stand-in for Event Grid: posts events to this server's own {@code /api/events} over HTTP, with the
 * webhook secret when one is set, so that demo traffic (simulated statuses, the console's customer phone) goes
 * through the real webhook pipeline.
 */
@Singleton
@Requires(condition = DemoModeCondition.class)
public class LocalWebhook {

    private final BeanProvider<EmbeddedServer> server;
    private final JsonMapper json;
    private final String secret;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final java.time.Clock clock;

    LocalWebhook(BeanProvider<EmbeddedServer> server, JsonMapper json,
                 @Value("${parley.webhook.secret:}") @Nullable String secret, java.time.Clock clock) {
        this.clock = clock;
        this.server = server;
        this.json = json;
        this.secret = secret == null ? "" : secret.strip();
    }

    /** An Event Grid event of this type with this subject and data, as ACS would publish it. */
    Map<String, Object> event(String eventType, String subject, Map<String, Object> data) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", UUID.randomUUID().toString());
        event.put("topic", "/parley/demo/simulated-whatsapp");
        event.put("subject", subject);
        event.put("data", data);
        event.put("eventType", eventType);
        event.put("dataVersion", "1.0");
        event.put("metadataVersion", "1");
        event.put("eventTime", clock.instant().toString());
        return event;
    }

    /** Posts one Event Grid delivery holding this event; throws unless the webhook answers 2xx. */
    void post(Map<String, Object> event) throws IOException, InterruptedException {
        postAll(List.of(event));
    }

    /** Posts one Event Grid delivery holding these events, in order; throws unless the webhook answers 2xx. */
    void postAll(List<Map<String, Object>> events) throws IOException, InterruptedException {
        byte[] body = json.writeValueAsBytes(events);
        String query = secret.isEmpty() ? "" : "?code=" + URLEncoder.encode(secret, StandardCharsets.UTF_8);
        URI uri = URI.create("http://127.0.0.1:" + server.get().getPort() + "/api/events" + query);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("aeg-event-type", "Notification")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("webhook answered " + response.statusCode() + ": " + response.body());
        }
    }
}
