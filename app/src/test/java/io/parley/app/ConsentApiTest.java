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
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Opt-out over the webhook and the API: the confirmation goes out and reaches the customer, the conversation and
 * the customer say so, the rules are silent, an agent's template is refused with 409 OPTED_OUT while their own
 * words still go, the tester says the keyword wins, and START turns it all back.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsentApiTest implements TestPropertyProvider {

    @Inject EmbeddedServer server;
    @Inject JsonMapper json;

    private ParleyClient admin;

    @Override
    public Map<String, String> getProperties() {
        return TestSettings.freshDataDir("parley.demo.seed-team", "false", "parley.demo.seed-rules", "false",
                "parley.demo.analyses", "false", "parley.opt-out-reply", "Done: no more messages. START to undo.",
                "parley.demo.sent-after", "20ms", "parley.demo.delivered-after", "40ms",
                "parley.demo.read-after", "60ms");
    }

    @BeforeAll
    void rules() {
        admin = new ParleyClient(server.getURL().toString(), json, "admin", "admin");
        assertEquals(201, admin.admin("POST", "/api/rules", "{\"name\": \"Fallback\", \"priority\": 1000, "
                + "\"match\": {\"type\": \"ANY\"}, \"reply\": {\"type\": \"TEXT\", \"text\": \"Bot here.\"}}")
                .statusCode());
    }

    @Test
    void stopIsConfirmedOnceThenOnlyAPersonsOwnWordsGoAndStartUndoesIt() {
        String customer = "4915" + (10_000_000 + ThreadLocalRandom.current().nextInt(80_000_000));
        writes(customer, "hi");
        await(Duration.ofSeconds(10), "the bot answers", () -> admin.messagesOf(customer).size() == 2);
        writes(customer, "Stop.");
        await(Duration.ofSeconds(10), "the confirmation is read", () -> {
            List<Map<String, Object>> m = admin.messagesOf(customer);
            return m.size() == 4 && "READ".equals(m.get(3).get("status"));
        });
        Map<String, Object> confirmation = admin.messagesOf(customer).get(3);
        assertEquals("Done: no more messages. START to undo.", confirmation.get("text"));
        assertEquals("CONSENT", confirmation.get("origin"));
        Map<String, Object> conversation = admin.list("/api/conversations?customerId=" + customer).get(0);
        assertEquals(Boolean.TRUE, conversation.get("optedOut"));
        Object id = conversation.get("id");

        writes(customer, "are you there?");
        await(Duration.ofSeconds(10), "the message is stored", () -> admin.messagesOf(customer).size() >= 5);
        assertEquals(5, admin.messagesOf(customer).size(), "no rule answers an opted-out customer");

        HttpResponse<String> template = admin.admin("POST", "/api/conversations/" + id + "/messages",
                "{\"template\": {\"name\": \"offer\", \"language\": \"en\"}}");
        assertEquals(409, template.statusCode(), template.body());
        assertEquals("OPTED_OUT", admin.object(template.body()).get("code"));
        HttpResponse<String> words = admin.admin("POST", "/api/conversations/" + id + "/messages",
                "{\"text\": \"Sorry to see you go.\"}");
        assertEquals(201, words.statusCode(), words.body());

        HttpResponse<String> tested = admin.admin("POST", "/api/rules/test", "{\"text\": \"STOP\"}");
        Map<String, Object> test = admin.object(tested.body());
        assertEquals(Boolean.FALSE, test.get("matched"));
        @SuppressWarnings("unchecked")
        Map<String, Object> consent = (Map<String, Object>) test.get("consent");
        assertEquals("OPT_OUT", consent.get("kind"));
        assertEquals(Boolean.TRUE, consent.get("wins"));
        @SuppressWarnings("unchecked")
        Map<String, Object> reply = (Map<String, Object>) test.get("reply");
        assertEquals("Done: no more messages. START to undo.", reply.get("text"));
        Map<String, Object> asThem = admin.object(admin.admin("POST", "/api/rules/test",
                "{\"text\": \"hello\", \"from\": \"" + customer + "\"}").body());
        assertEquals(Boolean.FALSE, asThem.get("matched"), "the tester knows this customer opted out");
        Map<String, Object> sentence = admin.object(admin.admin("POST", "/api/rules/test",
                "{\"text\": \"stop sending me the wrong size\"}").body());
        assertEquals(Boolean.TRUE, sentence.get("matched"));
        assertNull(sentence.get("consent"));

        writes(customer, "START");
        await(Duration.ofSeconds(10), "opted in", () -> Boolean.FALSE.equals(admin.list("/api/conversations?customerId="
                + customer).get(0).get("optedOut")));
        // the agent's words silenced the bot for the agent's quiet time: the agent hands back
        assertEquals("AGENT", admin.list("/api/conversations?customerId=" + customer).get(0).get("botPausedReason"));
        assertEquals(200, admin.admin("POST", "/api/conversations/" + id + "/release", null).statusCode());
        writes(customer, "hi again");
        await(Duration.ofSeconds(10), "the bot answers again", () -> "Bot here.".equals(last(customer).get("text")));
        Map<String, Object> summary = admin.object(admin.admin("GET", "/api/customers/" + customer, null).body());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> history = (List<Map<String, Object>>) ((Map<String, Object>) summary.get("consent"))
                .get("history");
        assertEquals(List.of(true, false), history.stream().map(h -> h.get("optedOut")).toList());
        assertEquals("STOP", history.get(0).get("keyword"));
        assertTrue(history.get(0).get("messageId") != null);
    }

    private Map<String, Object> last(String customer) {
        List<Map<String, Object>> messages = admin.messagesOf(customer);
        return messages.get(messages.size() - 1);
    }

    private void writes(String customer, String text) {
        assertEquals(200, admin.postEvents("", event("received-text.json").replace("{sender@id}", customer)
                .replace("00000000-0000-0000-0000-000000000000", UUID.randomUUID().toString())
                .replace("\"Hello\"", "\"" + text + "\"")).statusCode());
    }
}
