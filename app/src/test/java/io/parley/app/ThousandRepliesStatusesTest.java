package io.parley.app;

import static io.parley.app.ParleyClient.await;
import static io.parley.app.ParleyClient.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.parley.adapters.acs.AcsStub;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A thousand replies through the real SDK and the HTTPS stand-in, then their Sent/Delivered/Read (or Failed) events
 * through the webhook in Event Grid batches: shuffled, a fifth of them delivered twice, and one in ten replies
 * getting a status while ACS is still answering its send (before Parley knows the receipt). Every reply must end
 * where WhatsApp says it ended.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ThousandRepliesStatusesTest implements TestPropertyProvider {

    static {
        AcsStub.trustStubByDefault();
    }

    private final AcsStub acs = AcsStub.start();

    @Inject EmbeddedServer server;
    @Inject JsonMapper json;

    @Override
    public Map<String, String> getProperties() {
        return TestSettings.freshDataDir("parley.acs.connection-string", acs.connectionString(),
                "parley.webhook.secret", "k", "parley.admin.password", "thousand-password",
                "parley.dispatcher.poll-interval", "50ms", "parley.dispatcher.rate-per-channel", "100000");
    }

    @AfterAll
    void stop() {
        acs.close();
    }

    private static String batch(List<String> events) {
        List<String> bodies = events.stream().map(e -> {
            String s = e.strip();
            return s.startsWith("[") ? s.substring(1, s.length() - 1) : s;
        }).toList();
        return "[" + String.join(",", bodies) + "]";
    }

    private static String status(String eventId, String receipt, String status) {
        String e = event(status.equals("Failed") ? "status-failed.json" : "status-sent.json")
                .replace("00000000-0000-0000-0000-000000000000", eventId)
                .replace("22222222-2222-2222-2222-222222222222", receipt);
        return status.equals("Failed") ? e : e.replace("\"Sent\"", "\"" + status + "\"");
    }

    @Test
    void everyReplyEndsWhereWhatsAppSaysItEnded() {
        ParleyClient parley = new ParleyClient(server.getURL().toString(), json, "admin", "thousand-password");
        assertEquals(201, parley.admin("POST", "/api/rules", """
                {"name": "All", "priority": 1, "match": {"type": "ANY"},
                 "reply": {"type": "TEXT", "text": "Got it."}}""").statusCode());
        Random random = new Random(1000);
        Map<String, String> earlyStatus = new ConcurrentHashMap<>();
        List<String> earlyPosted = new CopyOnWriteArrayList<>();
        acs.beforeAccepting(receipt -> {
            if (Math.floorMod(receipt.hashCode(), 10) == 0) {
                String id = "early-" + receipt;
                assertEquals(200, parley.postEvents("?code=k", status(id, receipt, "Sent")).statusCode());
                earlyStatus.put(receipt, "Sent");
                earlyPosted.add(id);
            }
        });
        List<String> inbound = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            inbound.add(event("received-text.json").replace("00000000-0000-0000-0000-000000000000", "thousand-" + i)
                    .replace("{sender@id}", "1999" + String.format("%06d", i)));
        }
        for (int i = 0; i < inbound.size(); i += 50) {
            assertEquals(200, parley.postEvents("?code=k", batch(inbound.subList(i, i + 50))).statusCode());
        }
        await(Duration.ofSeconds(90), "1,000 sends", () -> acs.deliveredSends().size() == 1000);
        acs.beforeAccepting(receipt -> { });

        Map<String, String> expected = new HashMap<>();
        List<String> statuses = new ArrayList<>();
        int n = 0;
        for (AcsStub.Recorded send : acs.deliveredSends()) {
            boolean fails = random.nextInt(10) == 0;
            List<String> sequence = fails ? List.of("Sent", "Failed") : List.of("Sent", "Delivered", "Read");
            expected.put(send.receipt(), fails ? "FAILED" : "READ");
            for (String s : sequence) {
                String e = status("st-" + (n++), send.receipt(), s);
                statuses.add(e);
                if (random.nextInt(5) == 0) {
                    statuses.add(e);
                }
            }
        }
        Collections.shuffle(statuses, random);
        for (int i = 0; i < statuses.size(); i += 50) {
            assertEquals(200, parley.postEvents("?code=k", batch(statuses.subList(i, Math.min(i + 50,
                    statuses.size())))).statusCode());
        }
        await(Duration.ofSeconds(30), "every reply in its final status", () -> {
            for (Map<String, Object> c : parley.list("/api/conversations?limit=1000")) {
                List<Map<String, Object>> messages = parley.list("/api/conversations/" + c.get("id") + "/messages");
                Map<String, Object> reply = messages.get(messages.size() - 1);
                if (!expected.get((String) reply.get("acsMessageId")).equals(reply.get("status"))) {
                    return false;
                }
            }
            return true;
        });
        assertTrue(earlyPosted.size() > 50, "some statuses beat their receipt: " + earlyPosted.size());
        assertEquals(1000, parley.list("/api/conversations?limit=1000").size());
    }
}
