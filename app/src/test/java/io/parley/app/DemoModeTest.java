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
import java.io.IOException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Demo mode as a newcomer meets it: no settings at all, example rules seeded, and the seed example's "Hello" answered
 * through the simulated channel, whose Sent/Delivered/Read come back through the real webhook.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoModeTest implements TestPropertyProvider {

    @Inject EmbeddedServer server;
    @Inject JsonMapper json;

    @Override
    public Map<String, String> getProperties() {
        return TestSettings.freshDataDir("parley.demo.sent-after", "50ms", "parley.demo.delivered-after", "100ms",
                "parley.demo.read-after", "150ms");
    }

    @Test
    void theSeedExampleIsAnsweredAndReachesRead() {
        ParleyClient parley = new ParleyClient(server.getURL().toString(), json, "admin", "admin");
        List<Map<String, Object>> rules = parley.list("/api/rules");
        assertTrue(rules.size() >= 5, "example rules are seeded: " + rules);
        assertEquals("ANY", ((Map<?, ?>) rules.get(rules.size() - 1).get("match")).get("type"),
                "the fallback comes last");

        assertEquals(200, parley.postEvents("", event("received-text.json")).statusCode());
        await(Duration.ofSeconds(10), "the reply to reach READ", () -> {
            List<Map<String, Object>> messages = parley.messagesOf("{sender@id}");
            return messages.size() == 2 && "READ".equals(messages.get(1).get("status"));
        });
        List<Map<String, Object>> messages = parley.messagesOf("{sender@id}");
        assertEquals("Hello", messages.get(0).get("text"));
        assertTrue(((String) messages.get(1).get("text")).startsWith("Hello!"), messages.get(1).toString());
        assertEquals(1.0, ((Number) messages.get(1).get("ruleId")).doubleValue());
    }

    @Test
    void theDemoHasATeamToTryTheRolesWith() {
        String url = server.getURL().toString();
        await(Duration.ofSeconds(10), "the demo team is seeded", () -> new ParleyClient(url, json, "vic",
                "parley-demo-password").admin("GET", "/api/rules", null).statusCode() == 200);
        ParleyClient vic = new ParleyClient(url, json, "vic", "parley-demo-password");
        ParleyClient erin = new ParleyClient(url, json, "erin", "parley-demo-password");
        ParleyClient sam = new ParleyClient(url, json, "sam", "parley-demo-password");
        String rule = "{\"name\": \"Demo team\", \"priority\": 900, \"match\": {\"type\": \"KEYWORD\", "
                + "\"value\": \"team\"}, \"reply\": {\"type\": \"TEXT\", \"text\": \"t\"}}";
        assertEquals(403, vic.admin("POST", "/api/rules", rule).statusCode(), "a viewer looks");
        assertEquals(403, sam.admin("POST", "/api/rules", rule).statusCode(), "an agent answers customers");
        assertEquals(201, erin.admin("POST", "/api/rules", rule).statusCode(), "an editor changes rules");
        assertEquals(403, erin.admin("GET", "/api/users", null).statusCode(), "the team is for admins");
        List<Map<String, Object>> team = new ParleyClient(url, json, "admin", "admin").list("/api/users");
        assertEquals(List.of("admin", "erin", "sam", "vic"), team.stream().map(u -> u.get("username")).toList());
    }

    @Test
    void theDemoFlowTellsTheOrderStoryOnTheCustomerPhone() {
        ParleyClient parley = new ParleyClient(server.getURL().toString(), json, "admin", "admin");
        String customer = "15559000001";
        List<String> said = new java.util.ArrayList<>();
        java.util.function.Consumer<String> phone = body -> assertEquals(202,
                parley.admin("POST", "/console/demo/messages", body).statusCode());
        java.util.function.IntFunction<String> botSaid = n -> {
            await(Duration.ofSeconds(10), "bot message " + n, () -> parley.messagesOf(customer).stream()
                    .filter(m -> "OUTBOUND".equals(m.get("direction"))).count() >= n);
            return (String) parley.messagesOf(customer).stream().filter(m -> "OUTBOUND".equals(m.get("direction")))
                    .skip(n - 1).findFirst().orElseThrow().get("text");
        };
        phone.accept("{\"from\": \"" + customer + "\", \"text\": \"where is my order?\"}");
        said.add(botSaid.apply(1));
        phone.accept("{\"from\": \"" + customer + "\", \"buttonReplyId\": \"status\", \"text\": \"Where is it?\"}");
        said.add(botSaid.apply(2));
        phone.accept("{\"from\": \"" + customer + "\", \"text\": \"it is 1234\"}");
        said.add(botSaid.apply(3));
        phone.accept("{\"from\": \"" + customer + "\", \"text\": \"sorry: 12345\"}");
        said.add(botSaid.apply(4));
        assertTrue(said.get(0).startsWith("Happy to help with your order"), said.toString());
        assertEquals("What is your order number? It has five digits, e.g. 12345.", said.get(1));
        assertTrue(said.get(2).startsWith("That does not look like an order number"), said.toString());
        assertEquals("Order 12345 (a blue teapot) is shipped: about 2 more day(s). Anything else? Say hello.",
                said.get(3), "looked up in the demo shop that Parley serves itself");
    }

    @Test
    void theAdminApiNeedsCredentialsEvenInDemoMode() {
        ParleyClient anonymous = new ParleyClient(server.getURL().toString(), json, "admin", "wrong");
        var response = anonymous.admin("GET", "/api/conversations", null);
        assertEquals(401, response.statusCode());
        assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
    }
}
