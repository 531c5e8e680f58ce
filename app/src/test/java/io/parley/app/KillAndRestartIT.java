package io.parley.app;

import static io.parley.app.ParleyClient.await;
import static io.parley.app.ParleyClient.event;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.parley.adapters.acs.AcsStub;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The built jar as operators run it (CONTRACT settings, an HTTPS ACS stand-in), killed with SIGKILL and started
 * again on the same data: nothing acknowledged is lost, and nothing is sent twice.
 */
class KillAndRestartIT {

    private static AcsStub acs;
    private static Path dataDir;
    private static ApplicationContext jsonContext;
    private static int starts;
    private Process parley;

    @BeforeAll
    static void setUp() throws IOException {
        acs = AcsStub.start();
        dataDir = Files.createTempDirectory("parley-kill");
        jsonContext = ApplicationContext.run();
    }

    @AfterAll
    static void tearDown() {
        acs.close();
        jsonContext.close();
    }

    private ParleyClient start() throws IOException {
        ParleyProcess started = ParleyProcess.start(Map.of(
                "PARLEY_DATA_DIR", dataDir.toString(),
                "PARLEY_ACS_CONNECTION_STRING", acs.connectionString(),
                "PARLEY_WEBHOOK_SECRET", "kill-secret",
                "PARLEY_ADMIN_PASSWORD", "kill-password"), "kill-it-" + (++starts), jsonContext.getBean(JsonMapper.class));
        parley = started.process();
        return started.client(jsonContext.getBean(JsonMapper.class), "admin", "kill-password");
    }

    private void kill9() throws InterruptedException {
        parley.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no flush
        parley.waitFor();
    }

    /**
     * The worst moment to die: ACS has accepted the message (and will deliver it) but Parley has not recorded the
     * receipt. After the restart the reply is sent again, as the same request, so WhatsApp gets it once.
     */
    @Test
    void aCrashBetweenAcsAcceptingAndParleyRecordingSendsNothingTwice() throws Exception {
        ParleyClient client = start();
        assertEquals(201, client.admin("POST", "/api/rules", """
                {"name": "Crash", "priority": 1, "match": {"type": "KEYWORD", "value": "crash now"},
                 "reply": {"type": "TEXT", "text": "Still here."}}""").statusCode());
        Process running = parley;
        acs.beforeAccepting(receipt -> {
            if (running.isAlive()) {
                running.destroyForcibly(); // SIGKILL while ACS is answering the send
                try {
                    running.waitFor();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        String crash = event("received-text.json")
                .replace("00000000-0000-0000-0000-000000000000", "crash-1")
                .replace("{sender@id}", "15557770003")
                .replace("\"Hello\"", "\"crash now\"");
        assertEquals(200, client.postEvents("?code=kill-secret", crash).statusCode());
        await(Duration.ofSeconds(15), "the kill", () -> !running.isAlive());
        acs.beforeAccepting(receipt -> { });

        ParleyClient restarted = start();
        await(Duration.ofSeconds(15), "the receipt after the restart", () -> "ACCEPTED".equals(
                restarted.messagesOf("15557770003").get(1).get("status")));
        List<AcsStub.Recorded> requests = acs.requests().stream()
                .filter(r -> r.body().contains("15557770003")).toList();
        assertEquals(2, requests.size(), "sent before the crash and again after it");
        assertEquals(requests.get(0).repeatabilityId(), requests.get(1).repeatabilityId());
        assertEquals(requests.get(0).header("repeatability-first-sent"),
                requests.get(1).header("repeatability-first-sent"));
        assertEquals(requests.get(0).receipt(), restarted.messagesOf("15557770003").get(1).get("acsMessageId"),
                "ACS answered the repeat with the original receipt");
        assertEquals(1, acs.deliveredSends().stream().filter(r -> r.body().contains("15557770003")).count());
        kill9();
    }

    private static List<AcsStub.Recorded> sendsTo(String customer) {
        return acs.deliveredSends().stream().filter(r -> r.body().contains("\"to\":[\"" + customer + "\"]"))
                .toList();
    }

    private static String status(String eventId, String receipt, String status) {
        return event("status-sent.json")
                .replace("00000000-0000-0000-0000-000000000000", eventId)
                .replace("22222222-2222-2222-2222-222222222222", receipt)
                .replace("\"Sent\"", "\"" + status + "\"");
    }

    @Test
    void acknowledgedEventsSurviveSigkillAndNothingIsSentTwice() throws Exception {
        ParleyClient client = start();
        assertEquals(201, client.admin("POST", "/api/rules", """
                {"name": "Greeting", "priority": 1, "match": {"type": "KEYWORD", "value": "hello"},
                 "reply": {"type": "TEXT", "text": "Hi!"}}""").statusCode());
        Map<String, Object> countedBefore = client.object(client.admin("GET", "/api/analytics/summary", null).body());
        String hello = event("received-text.json").replace("{sender@id}", "15557770001");
        assertEquals(401, client.postEvents("", hello).statusCode());
        assertEquals(200, client.postEvents("?code=kill-secret", hello).statusCode());
        await(Duration.ofSeconds(15), "the reply at ACS", () -> sendsTo("15557770001").size() == 1);
        String receipt = sendsTo("15557770001").get(0).receipt();
        await(Duration.ofSeconds(5), "the receipt stored", () -> receipt.equals(
                client.messagesOf("15557770001").get(1).get("acsMessageId")));
        int n = 0;
        for (String s : List.of("Read", "Delivered", "Sent")) {
            assertEquals(200, client.postEvents("?code=kill-secret", status("k-" + (n++), receipt, s)).statusCode());
        }
        // a second customer's message, killed right after its 200: the reply must still go out, once
        String second = event("received-text.json")
                .replace("00000000-0000-0000-0000-000000000000", "kill-second")
                .replace("{sender@id}", "15557770002");
        assertEquals(200, client.postEvents("?code=kill-secret", second).statusCode());
        kill9();

        ParleyClient restarted = start();
        List<Map<String, Object>> first = restarted.messagesOf("15557770001");
        assertEquals(2, first.size());
        assertEquals("READ", first.get(1).get("status"), "the statuses acknowledged before the kill");
        await(Duration.ofSeconds(15), "the second reply at ACS", () -> sendsTo("15557770002").size() == 1);
        for (int i = 0; i < 3; i++) {
            assertEquals(200, restarted.postEvents("?code=kill-secret", hello).statusCode());
            assertEquals(200, restarted.postEvents("?code=kill-secret", second).statusCode());
        }
        restarted.awaitNothingQueuedFor(Duration.ofSeconds(15), "15557770001", "15557770002");
        assertEquals(1, sendsTo("15557770001").size(), "one WhatsApp message per customer message: "
                + acs.requests());
        assertEquals(1, sendsTo("15557770002").size(), "one WhatsApp message per customer message: "
                + acs.requests());
        assertEquals(2, restarted.messagesOf("15557770002").size());
        // insight counted each customer message, answer and status once: with what it counts, neither lost in the
        // kill nor counted again for the redeliveries
        Map<String, Object> counted = restarted.object(restarted.admin("GET", "/api/analytics/summary", null).body());
        assertEquals(2, number(counted, "received") - number(countedBefore, "received"));
        assertEquals(2, number((Map<?, ?>) counted.get("answered"), "rule")
                - number((Map<?, ?>) countedBefore.get("answered"), "rule"));
        assertEquals(2, number((Map<?, ?>) counted.get("delivery"), "accepted")
                - number((Map<?, ?>) countedBefore.get("delivery"), "accepted"));
        assertEquals(1, number((Map<?, ?>) counted.get("delivery"), "read")
                - number((Map<?, ?>) countedBefore.get("delivery"), "read"));
        kill9();
    }

    private static long number(Map<?, ?> map, String key) {
        return ((Number) map.get(key)).longValue();
    }
}
