package io.parley.app;

import static io.parley.app.ParleyClient.await;
import static io.parley.app.ParleyClient.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** What operators look at: health with its indicators, Prometheus metrics, the OpenAPI document and Swagger UI. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperationsEndpointsTest implements TestPropertyProvider {

    @Inject EmbeddedServer server;
    @Inject JsonMapper json;

    @Override
    public Map<String, String> getProperties() {
        return TestSettings.freshDataDir("parley.demo.sent-after", "10ms", "parley.demo.delivered-after", "20ms",
                "parley.demo.read-after", "30ms");
    }

    @Test
    void healthReportsTheDatabaseAndTheOutboundChannelToOperatorsOnly() {
        ParleyClient parley = new ParleyClient(server.getURL().toString(), json, "admin", "admin");
        var anonymous = parley.get("/health");
        assertEquals(200, anonymous.statusCode());
        assertEquals(Map.of("status", "UP"), parley.object(anonymous.body()),
                "anonymous health is the status alone: no database URL, no disk figures");
        var health = parley.admin("GET", "/health", null);
        assertEquals(200, health.statusCode());
        Map<String, Object> details = (Map<String, Object>) parley.object(health.body()).get("details");
        assertEquals("UP", ((Map<?, ?>) details.get("jdbc")).get("status"));
        assertEquals("UP", ((Map<?, ?>) details.get("outboundChannel")).get("status"));
        assertEquals("CachingHealthAggregator", server.getApplicationContext()
                .getBean(io.micronaut.management.health.aggregator.HealthAggregator.class).getClass().getSimpleName(),
                "the health Micronaut serves is the one that reuses its answer for a second");
    }

    @Test
    void prometheusCountsEventsRepliesAndStatuses() {
        ParleyClient parley = new ParleyClient(server.getURL().toString(), json, "admin", "admin");
        assertEquals(200, parley.postEvents("", event("received-text.json")).statusCode());
        assertEquals(401, parley.get("/prometheus").statusCode(), "metrics need credentials");
        await(Duration.ofSeconds(10), "the demo statuses", () -> parley.admin("GET", "/prometheus", null).body()
                .contains("parley_status_reports_total{applied=\"true\",status=\"read\"}"));
        String metrics = parley.admin("GET", "/prometheus", null).body();
        assertTrue(metrics.contains("parley_events_received_total{outcome=\"accepted\",type=\"AdvancedMessageReceived\"}"),
                metrics);
        assertTrue(metrics.contains("parley_replies_queued_total{origin=\"rule\"}"), metrics);
        assertTrue(metrics.contains("parley_replies_sent_total{outcome=\"accepted\"}"), metrics);
        assertTrue(metrics.contains("parley_dispatcher_lag_seconds"), metrics);
        assertTrue(metrics.contains("http_server_requests_seconds"), "webhook latency: " + metrics);
    }

    @Test
    void theAdminApiIsDescribedInOpenApiWithSwaggerUi() {
        ParleyClient parley = new ParleyClient(server.getURL().toString(), json, "admin", "admin");
        assertEquals(401, parley.get("/swagger/parley-admin-api-0.1.yml").statusCode());
        assertEquals(401, parley.get("/swagger-ui/index.html").statusCode());
        var spec = parley.admin("GET", "/swagger/parley-admin-api-0.1.yml", null);
        assertEquals(200, spec.statusCode());
        assertTrue(spec.body().contains("/api/rules") && spec.body().contains("/api/conversations/{id}/messages")
                && spec.body().contains("basicAuth"), spec.body());
        var ui = parley.admin("GET", "/swagger-ui/index.html", null);
        assertEquals(200, ui.statusCode());
        assertTrue(ui.body().contains("parley-admin-api-0.1.yml"));
    }
}
