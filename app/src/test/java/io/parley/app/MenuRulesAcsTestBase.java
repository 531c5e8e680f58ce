package io.parley.app;

import static io.parley.app.ParleyClient.event;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.support.TestPropertyProvider;
import io.parley.adapters.acs.AcsStub;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * A menu of buttons and the rules for its buttons, in a Parley that sends to the HTTPS stand-in for ACS through the
 * real Azure SDK; the customer's messages and taps come in as Event Grid delivers them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MenuRulesAcsTestBase implements TestPropertyProvider {

    static {
        AcsStub.trustStubByDefault();
    }

    final AcsStub acs = AcsStub.start();

    @Inject EmbeddedServer server;
    @Inject JsonMapper json;

    ParleyClient parley;
    private int events;

    @Override
    public Map<String, String> getProperties() {
        return TestSettings.freshDataDir(
                "parley.acs.connection-string", acs.connectionString(),
                "parley.webhook.secret", "hook-secret",
                "parley.admin.username", "ops",
                "parley.admin.password", "ops-password",
                "parley.dispatcher.poll-interval", "100ms",
                "parley.dispatcher.retry.initial-delay", "100ms",
                "parley.dispatcher.breaker.threshold", "100",
                "parley.acs.timeout", "2s",
                "parley.acs.interactive", String.valueOf(interactive()));
    }

    /** PARLEY_ACS_INTERACTIVE. */
    abstract boolean interactive();

    @BeforeEach
    void setUp() {
        parley = new ParleyClient(server.getURL().toString(), json, "ops", "ops-password");
        acs.reset();
        for (Map<String, Object> rule : parley.list("/api/rules")) {
            parley.admin("DELETE", "/api/rules/" + rule.get("id"), null);
        }
        createRule("""
                {"name": "Menu", "priority": 10, "match": {"type": "KEYWORD", "value": "menu"},
                 "reply": {"type": "BUTTONS", "header": "Parley shop", "text": "What can we do for you, {{customer.id}}?",
                           "footer": "Tap a button",
                           "buttons": [{"id": "orders", "title": "My orders"}, {"id": "help", "title": "Talk to us"}]}}""");
        createRule("""
                {"name": "Orders", "priority": 20, "match": {"type": "BUTTON", "value": "orders"},
                 "reply": {"type": "TEXT", "text": "Your orders are on their way."}}""");
        createRule("""
                {"name": "Help", "priority": 21, "match": {"type": "BUTTON", "value": "help"},
                 "reply": {"type": "TEXT", "text": "A colleague will write to you."}}""");
    }

    @AfterAll
    void stop() {
        acs.close();
    }

    void createRule(String body) {
        var response = parley.admin("POST", "/api/rules", body);
        assertEquals(201, response.statusCode(), response.body());
    }

    List<AcsStub.Recorded> sendsTo(String customer) {
        return acs.deliveredSends().stream().filter(r -> r.body().contains("\"to\":[\"" + customer + "\"]")).toList();
    }

    void customerWrites(String customer, String text) {
        String delivery = event("received-text.json")
                .replace("00000000-0000-0000-0000-000000000000", "ia-text-" + (++events) + "-" + customer)
                .replace("{sender@id}", customer)
                .replace("\"Hello\"", "\"" + text + "\"");
        assertEquals(200, parley.postEvents("?code=hook-secret", delivery).statusCode());
    }

    /** The documentation's button reply event, as {@code customer} tapping {@code id} on message {@code context}. */
    void customerTaps(String customer, String id, String title, String context) {
        String delivery = event("received-interactive-button.json")
                .replace("a1b2c3d4-0002-4000-8000-000000000002", "ia-tap-" + (++events) + "-" + customer)
                .replace("15551234567", customer)
                .replace("\"opt-track\"", "\"" + id + "\"")
                .replace("\"Track my order\"", "\"" + title + "\"")
                .replace("\"messageType\": \"interactive\",", "\"messageType\": \"interactive\","
                        + (context == null ? "" : "\"context\": {\"from\": \"11111111-1111-1111-1111-111111111111\","
                        + " \"id\": \"" + context + "\"},"));
        assertEquals(200, parley.postEvents("?code=hook-secret", delivery).statusCode());
    }
}
