package io.parley.app;

import static io.parley.app.ParleyClient.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.parley.adapters.acs.AcsStub;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Conversation flows end to end: the flow and its rule made through the admin API, the customer's messages coming in
 * as Event Grid delivers them, the HTTP step calling the HTTPS stand-in of a shop (signed, with its idempotency key
 * and a secret from the settings), the replies going out through the real Azure SDK to the HTTPS stand-in for ACS.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FlowsAcsTest extends MenuRulesAcsTestBase {

    static final String HTTP_SECRET = "flows-signing-secret";
    final ShopStub shop = ShopStub.start();

    @Override
    boolean interactive() {
        return true;
    }

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> settings = new HashMap<>(super.getProperties());
        settings.put("parley.flows.http-secret", HTTP_SECRET);
        settings.put("parley.flows.poll-interval", "100ms");
        settings.put("parley.flows.http-allowed-hosts", "127.0.0.1");
        settings.put("parley.flows.secrets.shop-token", "t0ps3cret");
        return settings;
    }

    @BeforeEach
    void resetShop() {
        shop.reset();
    }

    @AfterAll
    void stopShop() {
        shop.close();
    }

    private long createFlow(String body) {
        var response = parley.admin("POST", "/api/flows", body);
        assertEquals(201, response.statusCode(), response.body());
        return ((Number) parley.object(response.body()).get("id")).longValue();
    }

    private String orderFlow(String timeout) {
        return """
                {"name": "Order status", "start": "ask", "steps": [
                  {"id": "ask", "type": "ASK", "message": {"type": "TEXT", "text": "Your order number?"},
                   "expect": {"type": "REGEX", "pattern": "(\\\\d{5})"}, "save": "order", "retries": 1,
                   "invalidMessage": {"type": "TEXT", "text": "Five digits, please"}, "onInvalid": "human",
                   "timeout": "%s", "onTimeout": "bye", "next": "lookup"},
                  {"id": "lookup", "type": "HTTP", "method": "GET", "url": "%s/orders/{{flow.order}}",
                   "headers": {"Authorization": "Bearer {{secret.SHOP_TOKEN}}"},
                   "save": {"state": "/status", "eta": "/delivery/days"}, "timeout": "PT2S", "next": "tell",
                   "onError": "human"},
                  {"id": "tell", "type": "END", "message": {"type": "TEXT",
                   "text": "Order {{flow.order}} is {{flow.state}}, {{flow.eta}} days to go."}},
                  {"id": "human", "type": "HANDOFF", "message": {"type": "TEXT", "text": "A colleague takes over."}},
                  {"id": "bye", "type": "END", "message": {"type": "TEXT", "text": "Write again any time."}}]}
                """.formatted(timeout, shop.url());
    }

    private void refundRule(long flowId) {
        createRule("""
                {"name": "Refund", "priority": 5, "match": {"type": "CONTAINS", "value": "refund"},
                 "reply": {"type": "FLOW", "flowId": %d}}""".formatted(flowId));
    }

    private List<String> textsTo(String customer) {
        return sendsTo(customer).stream().map(AcsStub.Recorded::body)
                .map(b -> b.replaceAll("(?s).*\"content\":\"((?:[^\"\\\\]|\\\\.)*)\".*", "$1")).toList();
    }

    private Map<String, Object> conversationOf(String customer) {
        return parley.list("/api/conversations?customerId=" + customer).get(0);
    }

    @Test
    void theRefundCustomerIsAskedLookedUpAndToldWithTheShopsAnswer() {
        refundRule(createFlow(orderFlow("PT30M")));
        shop.answer(200, "{\"status\": \"shipped\", \"delivery\": {\"days\": 2}}");
        String ann = "15558000001";
        customerWrites(ann, "I want a refund for my order");
        await(Duration.ofSeconds(10), "the question", () -> textsTo(ann).size() == 1);
        assertEquals("Your order number?", textsTo(ann).get(0));
        @SuppressWarnings("unchecked")
        Map<String, Object> flow = (Map<String, Object>) conversationOf(ann).get("flow");
        assertEquals("ask", flow.get("step"));
        assertNotNull(flow.get("expiresAt"));

        customerWrites(ann, "It is 12345, thanks");
        await(Duration.ofSeconds(10), "the answer", () -> textsTo(ann).size() == 2);
        assertEquals("Order 12345 is shipped, 2 days to go.", textsTo(ann).get(1));
        ShopStub.Call call = shop.calls().get(0);
        assertEquals("GET", call.method());
        assertEquals("/orders/12345", call.path());
        assertTrue(call.signedWith(HTTP_SECRET), "X-Parley-Signature over the empty body: " + call.signature());
        assertNotNull(call.idempotencyKey());
        assertEquals("Bearer t0ps3cret", call.authorization(), "the secret filled in from the settings");
        assertNull(conversationOf(ann).get("flow"), "the flow ended");
        String stored = parley.admin("GET", "/api/flows", null).body();
        assertFalse(stored.contains("t0ps3cret"), "the API shows the reference, never the secret");
        assertTrue(stored.contains("{{secret.SHOP_TOKEN}}"));
    }

    @Test
    void aShopErrorGoesToTheErrorRouteAndHandsOver() {
        refundRule(createFlow(orderFlow("PT30M")));
        shop.answer(404, "{\"error\": \"no such order\"}");
        String bob = "15558000002";
        customerWrites(bob, "refund please");
        await(Duration.ofSeconds(10), "the question", () -> textsTo(bob).size() == 1);
        customerWrites(bob, "99999");
        await(Duration.ofSeconds(10), "the handoff", () -> textsTo(bob).size() == 2);
        assertEquals("A colleague takes over.", textsTo(bob).get(1));
        assertEquals(1, shop.calls().size(), "a 404 is not tried again");
        assertEquals("HANDOFF", conversationOf(bob).get("botPausedReason"));
    }

    @Test
    void aQuestionTimesOutWithoutAnyCustomerMessage() {
        refundRule(createFlow(orderFlow("PT10S")));
        String cy = "15558000003";
        customerWrites(cy, "refund");
        await(Duration.ofSeconds(10), "the question", () -> textsTo(cy).size() == 1);
        await(Duration.ofSeconds(20), "the timeout's message", () -> textsTo(cy).size() == 2);
        assertEquals("Write again any time.", textsTo(cy).get(1));
        assertNull(conversationOf(cy).get("flow"));
    }

    @Test
    void anAgentCancelsAFlowAndTheRulesAnswerAgain() {
        refundRule(createFlow(orderFlow("PT30M")));
        String di = "15558000004";
        customerWrites(di, "refund");
        await(Duration.ofSeconds(10), "the question", () -> textsTo(di).size() == 1);
        String id = (String) conversationOf(di).get("id");
        assertEquals(204, parley.admin("POST", "/api/conversations/" + id + "/flow/cancel", "").statusCode());
        assertEquals(404, parley.admin("POST", "/api/conversations/" + id + "/flow/cancel", "").statusCode());
        customerWrites(di, "menu");
        await(Duration.ofSeconds(10), "the menu", () -> sendsTo(di).size() == 2);
        assertTrue(sendsTo(di).get(1).body().contains("\"kind\":\"interactive\""));
    }

    @Test
    void theApiRefusesWhatCannotWorkNamingTheField() {
        var response = parley.admin("POST", "/api/flows", """
                {"name": "Broken", "start": "a", "steps": [
                  {"id": "a", "type": "ASK", "message": {"type": "TEXT", "text": "?"},
                   "expect": {"type": "REGEX", "pattern": "(unclosed"}, "save": "v", "next": "b"},
                  {"id": "b", "type": "HTTP", "url": "https://elsewhere.example/x",
                   "headers": {"X-Key": "{{secret.NOPE}}"}},
                  {"id": "c", "type": "WAIT"}]}""");
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("\"steps[2].type\""), response.body());
        response = parley.admin("POST", "/api/flows", """
                {"name": "Broken", "start": "a", "steps": [
                  {"id": "a", "type": "ASK", "message": {"type": "TEXT", "text": "?"},
                   "expect": {"type": "REGEX", "pattern": "(unclosed"}, "save": "v", "next": "b"},
                  {"id": "b", "type": "HTTP", "url": "https://elsewhere.example/x",
                   "headers": {"X-Key": "{{secret.NOPE}}"}}]}""");
        assertEquals(400, response.statusCode());
        for (String field : List.of("steps[0].expect.pattern", "steps[1].url", "\"steps\"")) {
            assertTrue(response.body().contains(field), field + " in " + response.body());
        }
        assertTrue(response.body().contains("PARLEY_FLOWS_SECRET_NOPE"), response.body());
        response = parley.admin("POST", "/api/flows", """
                {"name": "Bodies", "start": "ask", "steps": [
                  {"id": "ask", "type": "ASK", "message": {"type": "TEXT", "text": "How many?"},
                   "expect": {"type": "NUMBER"}, "save": "n", "next": "a"},
                  {"id": "a", "type": "HTTP", "method": "POST", "url": "https://127.0.0.1/a",
                   "body": "{\\"count\\": {{flow.n}}}", "next": "b"},
                  {"id": "b", "type": "HTTP", "method": "POST", "url": "https://127.0.0.1/b", "body": "{not json"}]}""");
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("\"steps[2].body\""), response.body());
        assertFalse(response.body().contains("\"steps[1].body\""), "a variable where a number goes is JSON: "
                + response.body());
        assertFalse(response.body().matches("(?s).*(io\\.micronaut|com\\.fasterxml|Exception|\\tat ).*"),
                "no internals in the answer: " + response.body());
        response = parley.admin("POST", "/api/rules", """
                {"name": "Ghost", "match": {"type": "KEYWORD", "value": "ghost"},
                 "reply": {"type": "FLOW", "flowId": 987654}}""");
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("reply.flowId"), response.body());
    }

    @Test
    void exportAndImportKeepTheFlowsThatRulesStart() {
        long id = createFlow(orderFlow("PT30M"));
        refundRule(id);
        var exported = parley.admin("GET", "/api/flows/export", null);
        assertEquals(200, exported.statusCode(), exported.body());
        String changed = exported.body().replace("Your order number?", "Which order, please?");
        var imported = parley.admin("POST", "/api/flows/import", changed);
        assertEquals(200, imported.statusCode(), imported.body());
        Map<String, Object> flow = parley.object(parley.admin("GET", "/api/flows/" + id, null).body());
        assertEquals(2, ((Number) flow.get("version")).intValue(), "the same flow, its next version");
        assertTrue(parley.admin("GET", "/api/flows/" + id, null).body().contains("Which order, please?"));
        assertEquals("IMPORTED", parley.list("/api/flows/" + id + "/history").get(1).get("change"));
        String ann = "15558000009";
        customerWrites(ann, "refund");
        await(Duration.ofSeconds(10), "the imported question", () -> textsTo(ann).size() == 1);
        assertEquals("Which order, please?", textsTo(ann).get(0), "the rule starts the imported version");

        var added = parley.admin("POST", "/api/flows/import", """
                {"flows": [{"name": "Imported from elsewhere", "start": "end", "steps": [
                  {"id": "end", "type": "END", "message": {"type": "TEXT", "text": "Bye"}}]}]}""");
        assertEquals(200, added.statusCode(), added.body());
        assertTrue(parley.list("/api/flows").stream().anyMatch(f -> "Imported from elsewhere".equals(f.get("name"))),
                "a flow that no id or name matches is added");

        var refused = parley.admin("POST", "/api/flows/import", exported.body().replace("\"ASK\"", "\"WAIT\""));
        assertEquals(400, refused.statusCode());
        assertTrue(refused.body().contains("flows[0].steps[0].type"), refused.body());
        assertEquals(2, ((Number) parley.object(parley.admin("GET", "/api/flows/" + id, null).body())
                .get("version")).intValue(), "all or nothing");
    }

    @Test
    void versionsTheTesterAndDeletingAFlowThatRulesStart() {
        long id = createFlow(orderFlow("PT30M"));
        var changed = parley.admin("PUT", "/api/flows/" + id, orderFlow("PT20M").replace("Your order number?",
                "Which order?"));
        assertEquals(200, changed.statusCode(), changed.body());
        assertEquals(2, ((Number) parley.object(changed.body()).get("version")).intValue());
        List<Map<String, Object>> history = parley.list("/api/flows/" + id + "/history");
        assertEquals(List.of("CREATED", "UPDATED"), history.stream().map(v -> v.get("change")).toList());
        assertEquals("ops", history.get(0).get("changedBy"));
        var restored = parley.admin("POST", "/api/flows/" + id + "/history/1/restore", "");
        assertEquals(200, restored.statusCode(), restored.body());
        assertTrue(restored.body().contains("Your order number?"));

        var test = parley.admin("POST", "/api/flows/" + id + "/test", """
                {"messages": ["no idea", "order 54321"],
                 "http": {"lookup": {"status": 200, "body": {"status": "packed", "delivery": {"days": 1}}}}}""");
        assertEquals(200, test.statusCode(), test.body());
        Map<String, Object> result = parley.object(test.body());
        assertEquals("COMPLETED", result.get("ending"));
        assertTrue(test.body().contains("Order 54321 is packed, 1 days to go."), test.body());
        assertTrue(test.body().contains("is not text matching"), test.body());
        assertEquals(0, shop.calls().size(), "the tester calls nothing");

        refundRule(id);
        var refused = parley.admin("DELETE", "/api/flows/" + id, null);
        assertEquals(409, refused.statusCode(), refused.body());
        for (Map<String, Object> rule : parley.list("/api/rules")) {
            parley.admin("DELETE", "/api/rules/" + rule.get("id"), null);
        }
        assertEquals(204, parley.admin("DELETE", "/api/flows/" + id, null).statusCode());
        assertEquals(404, parley.admin("GET", "/api/flows/" + id, null).statusCode());
    }
}
