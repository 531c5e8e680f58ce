package io.parley.app;

import static io.parley.app.ParleyClient.await;
import static io.parley.app.ParleyClient.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The inbox's API in demo mode: each conversation with its latest message and the caller's unread count, the
 * filters (waiting for a person, in a flow, opted out, a failed delivery), search by number and by message text,
 * marking a conversation seen, its export as JSON and CSV (audited), and the names of WhatsApp numbers.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InboxApiTest implements TestPropertyProvider {

    private static final String CHANNEL = "11111111-1111-1111-1111-111111111111";

    @Inject EmbeddedServer server;
    @Inject JsonMapper json;

    private ParleyClient admin;

    @Override
    public Map<String, String> getProperties() {
        // statuses stop at Delivered (Read comes after an hour), so that a Failed status can still apply
        return TestSettings.freshDataDir("parley.demo.seed-team", "false", "parley.demo.analyses", "false",
                "parley.demo.sent-after", "20ms", "parley.demo.delivered-after", "40ms",
                "parley.demo.read-after", "1h", "parley.channels." + CHANNEL + ".name", "Shop Berlin");
    }

    private void writes(String customer, String text) {
        String quoted;
        try {
            quoted = json.writeValueAsString(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertEquals(200, admin.postEvents("", event("received-text.json").replace("{sender@id}", customer)
                .replace("00000000-0000-0000-0000-000000000000", UUID.randomUUID().toString())
                .replace("\"Hello\"", quoted)).statusCode());
    }

    private List<String> customers(String query) {
        return admin.list("/api/conversations" + query).stream().map(c -> (String) c.get("customerId")).sorted()
                .toList();
    }

    @BeforeAll
    void conversations() {
        admin = new ParleyClient(server.getURL().toString(), json, "admin", "admin");
        writes("4916000000001", "hello");                        // greeting (demo rules)
        writes("4916000000002", "agent");                        // a handoff ...
        writes("4916000000003", "where is my order");            // the demo's order flow asks a question
        writes("4916000000004", "STOP");                         // opted out
        writes("4916000000005", "=HYPERLINK(\"http://evil\") how much, is it?");
        admin.awaitNothingQueuedFor(Duration.ofSeconds(15), "4916000000001", "4916000000002", "4916000000003",
                "4916000000004", "4916000000005");
        writes("4916000000002", "Hello? Anyone?");               // ... and then waits for a person
        await(Duration.ofSeconds(10), "the second message", () -> admin.messagesOf("4916000000002").size() == 3);
        // the greeting's reply fails
        Map<String, Object> reply = admin.messagesOf("4916000000001").get(1);
        assertEquals(200, admin.postEvents("", event("status-failed.json")
                .replace("00000000-0000-0000-0000-000000000000", UUID.randomUUID().toString())
                .replace("22222222-2222-2222-2222-222222222222", (String) reply.get("acsMessageId"))).statusCode());
        await(Duration.ofSeconds(10), "the failure", () -> "FAILED".equals(admin.messagesOf("4916000000001").get(1)
                .get("status")));
    }

    @Test
    void eachConversationComesWithItsLatestMessageAndWhatTheCallerHasNotSeen() {
        Map<String, Object> waiting = admin.list("/api/conversations?customerId=4916000000002").get(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> last = (Map<String, Object>) waiting.get("lastMessage");
        assertEquals("INBOUND", last.get("direction"));
        assertEquals("Hello? Anyone?", last.get("text"));
        assertEquals(2, ((Number) waiting.get("unread")).intValue());
        assertEquals("Shop Berlin", waiting.get("channelName"), "the name from the settings");
        assertTrue(waiting.get("awaitingReplySince") != null, "the customer waits for a person");

        assertEquals(204, admin.admin("POST", "/api/conversations/" + waiting.get("id") + "/seen", null)
                .statusCode());
        assertEquals(0, ((Number) admin.list("/api/conversations?customerId=4916000000002").get(0).get("unread"))
                .intValue());
        assertEquals(404, admin.admin("POST", "/api/conversations/" + UUID.randomUUID() + "/seen", null)
                .statusCode());
    }

    @Test
    void theFiltersNarrowTheListToWhatTheySay() {
        assertEquals(List.of("4916000000002"), customers("?filter=waiting"));
        assertEquals(List.of("4916000000003"), customers("?filter=flow"));
        assertEquals(List.of("4916000000004"), customers("?filter=optedOut"));
        assertEquals(List.of("4916000000001"), customers("?filter=failed"));
        assertEquals(List.of(), customers("?filter=failed,optedOut"), "all of them must hold");
        assertEquals(List.of("4916000000001", "4916000000002", "4916000000003", "4916000000004", "4916000000005"),
                customers(""));
        HttpResponse<String> wrong = admin.admin("GET", "/api/conversations?filter=unhappy", null);
        assertEquals(400, wrong.statusCode());
        assertTrue(wrong.body().contains("\"field\":\"filter\""), wrong.body());
    }

    @Test
    void searchFindsTheNumberOrWordsOfAnyMessage() {
        assertEquals(List.of("4916000000003"), customers("?search=000003"));
        assertEquals(List.of("4916000000002"), customers("?search=ANYONE"), "the customer's words, any case");
        assertEquals(List.of("4916000000002"), customers("?search=colleague"), "the bot's words too");
        assertEquals(List.of(), customers("?search=%25"), "a % is a character, not a wildcard");
        assertEquals(List.of(), customers("?channelId=another-channel"));
    }

    @Test
    void aConversationExportsAsJsonAndAsCsvThatASpreadsheetCannotRunAndIsAudited() {
        Object id = admin.list("/api/conversations?customerId=4916000000005").get(0).get("id");
        HttpResponse<String> csv = admin.admin("GET", "/api/conversations/" + id + "/export?format=csv", null);
        assertEquals(200, csv.statusCode());
        assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        assertTrue(csv.headers().firstValue("Content-Disposition").orElse("").contains("attachment"));
        String[] lines = csv.body().split("\r\n");
        assertEquals("time,from,text,status,how it was answered,rule,error", lines[0]);
        assertTrue(lines[1].contains(",customer 4916000000005,\"'=HYPERLINK(\"\"http://evil\"\") how much, is it?\","),
                "quoted, and the formula made text: " + lines[1]);
        assertTrue(lines[1].endsWith(",fallback,,"), lines[1]);
        assertTrue(lines[2].contains(",bot,Thanks for your message!"), lines[2]);
        assertTrue(lines[2].endsWith(",delivered,,Fallback,"), "the rule by its name: " + lines[2]);

        HttpResponse<String> whole = admin.admin("GET", "/api/conversations/" + id + "/export", null);
        Map<String, Object> document = admin.object(whole.body());
        assertEquals("4916000000005", ((Map<?, ?>) document.get("conversation")).get("customerId"));
        assertEquals(2, ((List<?>) document.get("messages")).size());
        assertEquals(400, admin.admin("GET", "/api/conversations/" + id + "/export?format=pdf", null).statusCode());
        assertEquals(404, admin.admin("GET", "/api/conversations/" + UUID.randomUUID() + "/export", null)
                .statusCode());
        List<Map<String, Object>> audit = admin.list("/api/audit?action=CONVERSATION_EXPORTED");
        assertEquals(2, audit.size());
        assertEquals("conversation " + id, audit.get(0).get("target"));
    }

    @Test
    void anAdminNamesANumberAndAnEmptyNameGoesBackToTheSettings() {
        List<Map<String, Object>> channels = admin.list("/api/channels");
        assertEquals(1, channels.size());
        assertEquals("Shop Berlin", channels.get(0).get("name"));
        assertEquals("settings", channels.get(0).get("source"));
        assertEquals(5, ((Number) channels.get(0).get("conversations")).intValue());

        HttpResponse<String> named = admin.admin("PUT", "/api/channels/" + CHANNEL, "{\"name\": \"  Shop Mitte \"}");
        assertEquals(200, named.statusCode(), named.body());
        assertEquals("Shop Mitte", admin.object(named.body()).get("name"));
        assertEquals("console", admin.object(named.body()).get("source"));
        assertEquals("Shop Mitte", admin.list("/api/conversations?customerId=4916000000001").get(0)
                .get("channelName"));
        HttpResponse<String> tooLong = admin.admin("PUT", "/api/channels/" + CHANNEL, "{\"name\": \""
                + "x".repeat(61) + "\"}");
        assertEquals(400, tooLong.statusCode());
        assertTrue(tooLong.body().contains("\"field\":\"name\""), tooLong.body());
        HttpResponse<String> back = admin.admin("PUT", "/api/channels/" + CHANNEL, "{\"name\": \"\"}");
        assertEquals("Shop Berlin", admin.object(back.body()).get("name"));
        HttpResponse<String> other = admin.admin("PUT", "/api/channels/not-yet-seen", "{\"name\": \"Shop Köln\"}");
        assertEquals(200, other.statusCode());
        assertEquals(2, admin.list("/api/channels").size(), "a named number is listed before it has conversations");
        assertNull(admin.object(admin.admin("PUT", "/api/channels/not-yet-seen", "{\"name\": null}").body())
                .get("name"));
        assertEquals(List.of("named a WhatsApp number"), admin.list("/api/audit?action=CHANNEL_NAMED").stream()
                .map(a -> (String) a.get("words")).distinct().toList());
    }
}
