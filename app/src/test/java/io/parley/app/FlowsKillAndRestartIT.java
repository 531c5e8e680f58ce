package io.parley.app;

import static io.parley.app.ParleyClient.await;
import static io.parley.app.ParleyClient.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Flows in the built jar, killed with SIGKILL at their worst moments and started again on the same data: while a
 * question waits (its timer still fires, once; its answer still counts) and while an HTTP step's call is in flight
 * (the call is made again with the same Idempotency-Key, and its outcome used once: one reply, no step run twice).
 */
class FlowsKillAndRestartIT {

    private static final String SECRET = "kill-flows-secret";
    private static AcsStub acs;
    private static ShopStub shop;
    private static Path dataDir;
    private static ApplicationContext jsonContext;
    private static int starts;
    private static int events;
    private ParleyProcess parley;

    @BeforeAll
    static void setUp() throws IOException {
        acs = AcsStub.start();
        shop = ShopStub.start();
        dataDir = Files.createTempDirectory("parley-kill-flows");
        jsonContext = ApplicationContext.run();
    }

    @AfterAll
    static void tearDown() {
        acs.close();
        shop.close();
        jsonContext.close();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (parley != null) {
            parley.kill9();
        }
    }

    /** More settings for the jar (the database of a subclass). */
    Map<String, String> moreSettings() {
        return Map.of();
    }

    private ParleyClient start() throws IOException {
        JsonMapper json = jsonContext.getBean(JsonMapper.class);
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "PARLEY_DATA_DIR", dataDir.toString(),
                "PARLEY_ACS_CONNECTION_STRING", acs.connectionString(),
                "PARLEY_WEBHOOK_SECRET", "kill-secret",
                "PARLEY_ADMIN_PASSWORD", "kill-password",
                "PARLEY_FLOWS_HTTP_SECRET", SECRET,
                "PARLEY_FLOWS_POLL_INTERVAL", "200ms"));
        env.putAll(moreSettings());
        parley = ParleyProcess.start(env, getClass().getSimpleName() + "-" + (++starts), json);
        return parley.client(json, "admin", "kill-password");
    }

    private static void customerWrites(ParleyClient client, String customer, String text) {
        String delivery = event("received-text.json")
                .replace("00000000-0000-0000-0000-000000000000", "kf-" + (++events) + "-" + customer)
                .replace("{sender@id}", customer)
                .replace("\"Hello\"", "\"" + text + "\"");
        assertEquals(200, client.postEvents("?code=kill-secret", delivery).statusCode());
    }

    /**
     * Waits until every reply to {@code customer} has its receipt recorded: a reply killed between ACS's receipt and
     * its record is sent again after the restart, and on PostgreSQL only when the dead instance's claim runs out
     * (45 s), holding back the conversation's later replies meanwhile (tested in KillAndRestartIT, not here).
     */
    private static void awaitReceipts(ParleyClient client, String customer) {
        await(Duration.ofSeconds(15), "the receipts of " + customer, () -> client.messagesOf(customer).stream()
                .filter(m -> "OUTBOUND".equals(m.get("direction"))).noneMatch(m -> "QUEUED".equals(m.get("status"))));
    }

    private static List<String> sendsTo(String customer) {
        return acs.deliveredSends().stream().filter(r -> r.body().contains("\"to\":[\"" + customer + "\"]"))
                .map(AcsStub.Recorded::body).toList();
    }

    /** A flow asking for an order number (timing out after {@code timeout}) and looking it up in the shop. */
    private static void orderFlow(ParleyClient client, String keyword, String timeout) {
        var flow = client.admin("POST", "/api/flows", """
                {"name": "Order %s", "start": "ask", "steps": [
                  {"id": "ask", "type": "ASK", "message": {"type": "TEXT", "text": "Order number for %s?"},
                   "expect": {"type": "REGEX", "pattern": "(\\\\d{5})"}, "save": "order", "timeout": "%s",
                   "onTimeout": "bye", "next": "lookup"},
                  {"id": "lookup", "type": "HTTP", "url": "%s/orders/{{flow.order}}", "save": {"state": "/status"},
                   "next": "tell", "onError": "bye"},
                  {"id": "tell", "type": "END", "message": {"type": "TEXT", "text": "Order {{flow.order}} is {{flow.state}}."}},
                  {"id": "bye", "type": "END", "message": {"type": "TEXT", "text": "Write again any time."}}]}
                """.formatted(keyword, keyword, timeout, shop.url()));
        assertEquals(201, flow.statusCode(), flow.body());
        Object id = client.object(flow.body()).get("id");
        assertEquals(201, client.admin("POST", "/api/rules", """
                {"name": "Start %s", "priority": 1, "match": {"type": "CONTAINS", "value": "%s"},
                 "reply": {"type": "FLOW", "flowId": %s}}""".formatted(keyword, keyword, id)).statusCode());
    }

    @Test
    void aKillWhileTheCallIsInFlightMakesItAgainWithTheSameKeyAndUsesOneOutcome() throws Exception {
        ParleyClient client = start();
        orderFlow(client, "refund", "PT30M");
        String ann = "15557880001";
        customerWrites(client, ann, "I want a refund");
        await(Duration.ofSeconds(15), "the question", () -> sendsTo(ann).size() == 1);
        awaitReceipts(client, ann);
        Process running = parley.process();
        shop.beforeAnswering(call -> {
            if (running.isAlive()) {
                running.destroyForcibly(); // SIGKILL while the shop is answering the call
                try {
                    running.waitFor();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        customerWrites(client, ann, "12345");
        await(Duration.ofSeconds(15), "the kill", () -> !running.isAlive());
        shop.beforeAnswering(call -> { });

        start();
        // on H2 the restart takes the dead instance's claim over at once; on PostgreSQL its lease runs out first
        await(Duration.ofSeconds(40), "the answer after the restart", () -> sendsTo(ann).size() == 2);
        assertTrue(sendsTo(ann).get(1).contains("Order 12345 is shipped."), sendsTo(ann).get(1));
        List<ShopStub.Call> calls = shop.calls().stream().filter(c -> c.path().equals("/orders/12345")).toList();
        assertEquals(2, calls.size(), "made before the kill and again after it");
        assertEquals(calls.get(0).idempotencyKey(), calls.get(1).idempotencyKey());
        assertTrue(calls.get(1).signedWith(SECRET));
        Thread.sleep(1500);
        assertEquals(2, sendsTo(ann).size(), "one outcome used: " + sendsTo(ann));
    }

    @Test
    void aKillWhileAQuestionWaitsLosesNeitherItsTimerNorItsAnswer() throws Exception {
        ParleyClient client = start();
        orderFlow(client, "timer", "PT10S");
        orderFlow(client, "later", "PT30M");
        String bob = "15557880002";
        String cy = "15557880003";
        customerWrites(client, bob, "timer please");
        customerWrites(client, cy, "later please");
        await(Duration.ofSeconds(15), "both questions", () -> sendsTo(bob).size() == 1 && sendsTo(cy).size() == 1);
        awaitReceipts(client, bob);
        awaitReceipts(client, cy);
        parley.kill9();

        ParleyClient restarted = start();
        customerWrites(restarted, cy, "it is 54321");
        await(Duration.ofSeconds(15), "cy's answer", () -> sendsTo(cy).size() == 2);
        assertTrue(sendsTo(cy).get(1).contains("Order 54321 is shipped."), sendsTo(cy).get(1));
        await(Duration.ofSeconds(25), "bob's timeout", () -> sendsTo(bob).size() == 2);
        assertTrue(sendsTo(bob).get(1).contains("Write again any time."), sendsTo(bob).get(1));
        Thread.sleep(1500);
        assertEquals(2, sendsTo(bob).size(), "the timer fired once: " + sendsTo(bob));
    }
}
