package io.parley.app;

import static io.parley.app.ParleyClient.await;
import static io.parley.app.ParleyClient.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.parley.adapters.acs.AcsStub;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A BUTTONS rule end to end against the real Azure SDK's pipeline and the HTTPS stand-in for ACS: the menu goes out
 * as an interactive message at the interactive api-version, the customer's tap comes back as Event Grid delivers it
 * (with the menu's message id as its context), and the BUTTON rule answers.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InteractiveRepliesAcsTest extends MenuRulesAcsTestBase {

    @Override
    boolean interactive() {
        return true;
    }

    @Test
    void theMenuGoesOutAsButtonsAndATapIsAnsweredByTheButtonRule() {
        customerWrites("15557000001", "menu");
        await(Duration.ofSeconds(10), "the menu at the ACS stub", () -> sendsTo("15557000001").size() == 1);
        AcsStub.Recorded menu = sendsTo("15557000001").get(0);
        assertTrue(menu.signatureValid(), menu.signatureProblem());
        assertEquals("/messages/notifications:send?api-version=2025-01-15-preview", menu.pathAndQuery());
        assertEquals("{\"channelRegistrationId\":\"11111111-1111-1111-1111-111111111111\",\"to\":[\"15557000001\"],"
                + "\"kind\":\"interactive\",\"interactiveMessage\":{"
                + "\"header\":{\"kind\":\"text\",\"text\":\"Parley shop\"},"
                + "\"body\":{\"kind\":\"text\",\"text\":\"What can we do for you, 15557000001?\"},"
                + "\"footer\":{\"kind\":\"text\",\"text\":\"Tap a button\"},"
                + "\"action\":{\"kind\":\"whatsAppButtonAction\",\"content\":{\"kind\":\"buttonSet\",\"buttons\":["
                + "{\"id\":\"orders\",\"title\":\"My orders\"},{\"id\":\"help\",\"title\":\"Talk to us\"}]}}}}",
                menu.body());
        List<Map<String, Object>> messages = parley.messagesOf("15557000001");
        Map<String, Object> sent = messages.get(1);
        assertEquals(menu.repeatabilityId(), sent.get("id"), "the reply's id is its repeatability id");
        @SuppressWarnings("unchecked")
        Map<String, Object> content = (Map<String, Object>) sent.get("content");
        assertEquals("BUTTONS", content.get("type"));
        assertEquals("Parley shop", content.get("header"));
        assertEquals(List.of(Map.of("id", "orders", "title", "My orders"), Map.of("id", "help", "title",
                "Talk to us")), content.get("buttons"));
        await(Duration.ofSeconds(5), "the receipt", () -> menu.receipt().equals(
                parley.messagesOf("15557000001").get(1).get("acsMessageId")));

        customerTaps("15557000001", "help", "Talk to us", menu.receipt());
        await(Duration.ofSeconds(10), "the answer to the tap", () -> sendsTo("15557000001").size() == 2);
        assertTrue(sendsTo("15557000001").get(1).body().contains("\"content\":\"A colleague will write to you.\""),
                sendsTo("15557000001").get(1).body());
        assertTrue(sendsTo("15557000001").get(1).pathAndQuery().endsWith("api-version=2024-02-01"),
                "text goes through the SDK as before");
        Map<String, Object> tap = parley.messagesOf("15557000001").get(2);
        @SuppressWarnings("unchecked")
        Map<String, Object> choice = (Map<String, Object>) ((Map<String, Object>) tap.get("inbound")).get("choice");
        assertEquals(Map.of("offerMessageId", sent.get("id"), "optionId", "help", "title", "Talk to us", "number", 2,
                "typed", false), choice);

        // statuses reconcile as for every reply
        String receipt = menu.receipt();
        String status = event("status-sent.json").replace("00000000-0000-0000-0000-000000000000", "ia-read-1")
                .replace("22222222-2222-2222-2222-222222222222", receipt).replace("\"Sent\"", "\"Read\"");
        assertEquals(200, parley.postEvents("?code=hook-secret", status).statusCode());
        await(Duration.ofSeconds(5), "the menu read", () -> "READ".equals(
                parley.messagesOf("15557000001").get(1).get("status")));
    }

    @Test
    void aTapWithoutContextCountsForTheConversationsLastOffer() {
        customerWrites("15557000002", "menu");
        await(Duration.ofSeconds(10), "the menu", () -> sendsTo("15557000002").size() == 1);
        customerTaps("15557000002", "orders", "My orders", null);
        await(Duration.ofSeconds(10), "the answer", () -> sendsTo("15557000002").size() == 2);
        assertTrue(sendsTo("15557000002").get(1).body().contains("Your orders are on their way."));
    }

    @Test
    void aRuleBeyondWhatsAppsLimitsIsRefusedNamingTheField() {
        var response = parley.admin("POST", "/api/rules", """
                {"name": "Too many", "match": {"type": "KEYWORD", "value": "x"},
                 "reply": {"type": "BUTTONS", "text": "Pick",
                           "buttons": [{"id": "a", "title": "A"}, {"id": "b", "title": "B"}, {"id": "c", "title": "C"},
                                       {"id": "d", "title": "A title longer than twenty"}]}}""");
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"field\":\"reply.buttons[3]\""), response.body());
        assertTrue(response.body().contains("\"field\":\"reply.buttons[3].title\""), response.body());
        var list = parley.admin("POST", "/api/rules", """
                {"name": "List", "match": {"type": "KEYWORD", "value": "y"},
                 "reply": {"type": "LIST", "text": "Pick", "buttonText": "Open",
                           "sections": [{"title": "S", "rows": [{"id": "a", "title": "A", "description": "first"}]}]}}""");
        assertEquals(201, list.statusCode(), list.body());
        Map<String, Object> saved = parley.object(list.body());
        assertEquals(Map.of("type", "LIST", "text", "Pick", "buttonText", "Open", "sections",
                List.of(Map.of("title", "S", "rows", List.of(Map.of("id", "a", "title", "A", "description",
                        "first"))))), withoutEmpty(saved.get("reply")));
    }

    /** The reply as the API gives it, without the keys it leaves empty. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> withoutEmpty(Object reply) {
        Map<String, Object> copy = new java.util.LinkedHashMap<>((Map<String, Object>) reply);
        copy.values().removeIf(v -> v == null || (v instanceof List<?> l && l.isEmpty()));
        return copy;
    }
}
