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

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The whole loop against the real Azure SDK: an Event Grid delivery comes in, a rule answers, the reply goes to a
 * local HTTPS stand-in for ACS that checks the HMAC signature, and status events land on the reply.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndToEndAcsTest implements TestPropertyProvider {

    private static final String CHANNEL = "11111111-1111-1111-1111-111111111111";

    static {
        AcsStub.trustStubByDefault();
    }

    private final AcsStub acs = AcsStub.start();

    @Inject EmbeddedServer server;
    @Inject JsonMapper json;
    @Inject javax.sql.DataSource dataSource;
    @Inject io.parley.domain.port.out.TransactionPort tx;

    private ParleyClient parley;

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
                "parley.acs.timeout", "1s");
    }

    @BeforeEach
    void setUp() {
        parley = new ParleyClient(server.getURL().toString(), json, "ops", "ops-password");
        acs.reset();
    }

    @AfterAll
    void stop() {
        acs.close();
    }

    /** Sends ACS turned into WhatsApp messages for {@code customer} (other tests' replies may still be in flight). */
    private List<AcsStub.Recorded> sendsTo(String customer) {
        return acs.deliveredSends().stream().filter(r -> r.body().contains("\"to\":[\"" + customer + "\"]")).toList();
    }

    private List<AcsStub.Recorded> requestsFor(String customer) {
        return acs.requests().stream().filter(r -> r.body().contains("\"to\":[\"" + customer + "\"]")).toList();
    }

    /** Posts the documentation's received-text event as {@code customer} writing {@code text}. */
    private void customerWrites(String eventId, String customer, String text) {
        String delivery = event("received-text.json")
                .replace("00000000-0000-0000-0000-000000000000", eventId)
                .replace("{sender@id}", customer)
                .replace("\"Hello\"", "\"" + text + "\"");
        assertEquals(200, parley.postEvents("?code=hook-secret", delivery).statusCode());
    }

    /** The documentation's status event, for {@code receipt}, reporting {@code status}. */
    private static String statusEvent(String eventId, String receipt, String status) {
        return event("status-sent.json")
                .replace("00000000-0000-0000-0000-000000000000", eventId)
                .replace("22222222-2222-2222-2222-222222222222", receipt)
                .replace("\"Sent\"", "\"" + status + "\"");
    }

    private void createRule(String body) {
        var response = parley.admin("POST", "/api/rules", body);
        assertEquals(201, response.statusCode(), response.body());
    }

    @Test
    void aKeywordMessageGetsOneSignedReplyAndStatusesEndAtRead() {
        createRule("""
                {"name": "Greeting", "priority": 10, "enabled": true,
                 "match": {"type": "KEYWORD", "value": "hello"},
                 "reply": {"type": "TEXT", "text": "Hi! How can we help?"}}""");
        String delivery = event("received-text.json").replace("{sender@id}", "15550000001");

        assertEquals(200, parley.postEvents("?code=hook-secret", delivery).statusCode());
        await(Duration.ofSeconds(10), "one send at the ACS stub", () -> sendsTo("15550000001").size() == 1);

        AcsStub.Recorded send = sendsTo("15550000001").get(0);
        assertTrue(send.signatureValid(), send.signatureProblem());
        assertTrue(send.body().contains("\"channelRegistrationId\":\"" + CHANNEL + "\""), send.body());
        assertTrue(send.body().contains("\"to\":[\"15550000001\"]"), send.body());
        assertTrue(send.body().contains("\"content\":\"Hi! How can we help?\""), send.body());

        // Event Grid delivers at least once: the same event again changes nothing and sends nothing
        assertEquals(200, parley.postEvents("?code=hook-secret", delivery).statusCode());
        assertEquals(200, parley.postEvents("?code=hook-secret", delivery).statusCode());

        List<Map<String, Object>> messages = parley.messagesOf("15550000001");
        assertEquals(2, messages.size(), messages.toString());
        Map<String, Object> reply = messages.get(1);
        assertEquals("OUTBOUND", reply.get("direction"));
        await(Duration.ofSeconds(5), "the receipt", () -> parley.messagesOf("15550000001").get(1)
                .get("acsMessageId") != null);
        String receipt = (String) parley.messagesOf("15550000001").get(1).get("acsMessageId");
        assertEquals(send.receipt(), receipt);
        assertEquals("ACCEPTED", parley.messagesOf("15550000001").get(1).get("status"));

        // statuses arrive out of order: Read, Delivered, Sent
        int n = 0;
        for (String status : List.of("Read", "Delivered", "Sent")) {
            assertEquals(200, parley.postEvents("?code=hook-secret", statusEvent("status-e2e-" + (n++), receipt,
                    status)).statusCode());
        }
        Map<String, Object> finalReply = parley.messagesOf("15550000001").get(1);
        assertEquals("READ", finalReply.get("status"));
        assertEquals("Hi! How can we help?", finalReply.get("text"));

        // the reply left the outbox when its receipt was recorded: no later round can send it again
        assertEquals(1, requestsFor("15550000001").size(), "exactly one request reached ACS: " + acs.requests());
    }

    @Test
    void aFailedStatusKeepsTheChannelErrorCode() {
        createRule("""
                {"name": "Order", "priority": 5, "match": {"type": "CONTAINS", "value": "order status"},
                 "reply": {"type": "TEXT", "text": "Your order is on its way."}}""");
        customerWrites("e2e-failed-1", "15550000002", "What is my ORDER status?");
        await(Duration.ofSeconds(10), "one send", () -> sendsTo("15550000002").size() == 1);
        await(Duration.ofSeconds(5), "the receipt", () -> parley.messagesOf("15550000002").get(1)
                .get("acsMessageId") != null);
        String receipt = sendsTo("15550000002").get(0).receipt();
        String failed = event("status-failed.json")
                .replace("00000000-0000-0000-0000-000000000000", "e2e-failed-status")
                .replace("22222222-2222-2222-2222-222222222222", receipt);
        assertEquals(200, parley.postEvents("?code=hook-secret", failed).statusCode());
        Map<String, Object> reply = parley.messagesOf("15550000002").get(1);
        assertEquals("FAILED", reply.get("status"));
        assertEquals("131026", reply.get("errorCode"));
        assertEquals("Message Undeliverable.", reply.get("errorMessage"));
    }

    @Test
    void threeUnavailableAnswersThenSuccessYieldOneReplyWithOneRepeatabilityId() {
        for (int i = 0; i < 3; i++) {
            acs.enqueue(503, "{\"error\":{\"code\":\"ServiceUnavailable\",\"message\":\"busy\"}}");
        }
        createRule("""
                {"name": "Thanks", "priority": 6, "match": {"type": "KEYWORD", "value": "thanks a lot"},
                 "reply": {"type": "TEXT", "text": "You are welcome!"}}""");
        customerWrites("e2e-retry-1", "15550000003", "Thanks a lot!");
        await(Duration.ofSeconds(20), "the accepted retry", () -> sendsTo("15550000003").size() == 1);
        List<AcsStub.Recorded> requests = requestsFor("15550000003");
        assertEquals(4, requests.size(), "three 503s and one success");
        assertEquals(1, requests.stream().map(AcsStub.Recorded::repeatabilityId).distinct().count());
        assertEquals(1, requests.stream().map(r -> r.header("repeatability-first-sent")).distinct().count());
        await(Duration.ofSeconds(5), "ACCEPTED", () -> "ACCEPTED".equals(parley.messagesOf("15550000003").get(1)
                .get("status")));
        assertEquals(4.0, ((Number) parley.messagesOf("15550000003").get(1).get("attempts")).doubleValue());
    }

    @Test
    void aStatusThatBeatsItsReceiptIsAppliedWhenTheReceiptLands() {
        createRule("""
                {"name": "Early", "priority": 7, "match": {"type": "KEYWORD", "value": "early bird"},
                 "reply": {"type": "TEXT", "text": "Worm."}}""");
        acs.beforeAccepting(receipt -> {
            assertEquals(200, parley.postEvents("?code=hook-secret", statusEvent("e2e-early-" + receipt, receipt,
                    "Delivered")).statusCode());
        });
        customerWrites("e2e-early-1", "15550000004", "early bird");
        await(Duration.ofSeconds(10), "DELIVERED", () -> parley.messagesOf("15550000004").size() == 2
                && "DELIVERED".equals(parley.messagesOf("15550000004").get(1).get("status")));
    }

    @Test
    void aThrottledSendWaitsOutRetryAfter() {
        acs.enqueue(new AcsStub.Answer(429, Map.of("Retry-After", "2"), "{\"error\":{\"code\":\"TooManyRequests\"}}"));
        createRule("""
                {"name": "Throttle", "priority": 8, "match": {"type": "KEYWORD", "value": "slow down"},
                 "reply": {"type": "TEXT", "text": "OK."}}""");
        customerWrites("e2e-429", "15550000005", "slow down");
        await(Duration.ofSeconds(10), "the accepted retry", () -> sendsTo("15550000005").size() == 1);
        List<AcsStub.Recorded> requests = requestsFor("15550000005");
        assertEquals(2, requests.size());
        Map<String, Object> reply = parley.messagesOf("15550000005").get(1);
        Map<String, Object> detail = parley.object(parley.admin("GET", "/api/messages/" + reply.get("id"), null)
                .body());
        List<?> history = (List<?>) detail.get("history");
        Map<?, ?> throttled = (Map<?, ?>) history.get(1);
        assertEquals("429", throttled.get("errorCode"));
        Instant throttledAt = Instant.parse((String) throttled.get("at"));
        Instant acceptedAt = Instant.parse((String) ((Map<?, ?>) history.get(2)).get("at"));
        assertTrue(Duration.between(throttledAt, acceptedAt).toMillis() >= 1900,
                "Retry-After: 2 was waited out: " + history);
    }

    @Test
    void aPermanentRefusalFailsTheReplyWithoutRetrying() {
        acs.enqueue(400, "{\"error\":{\"code\":\"BadRequest\",\"message\":\"Invalid recipient\"}}");
        createRule("""
                {"name": "Refused", "priority": 9, "match": {"type": "KEYWORD", "value": "refuse me"},
                 "reply": {"type": "TEXT", "text": "Never arrives."}}""");
        customerWrites("e2e-400", "15550000006", "refuse me");
        await(Duration.ofSeconds(10), "FAILED", () -> parley.messagesOf("15550000006").size() == 2
                && "FAILED".equals(parley.messagesOf("15550000006").get(1).get("status")));
        Map<String, Object> reply = parley.messagesOf("15550000006").get(1);
        assertEquals("400", reply.get("errorCode"));
        assertTrue(((String) reply.get("errorMessage")).contains("Invalid recipient"));
        // FAILED is final: the reply has left the outbox, so no retry can follow
        assertEquals(1, requestsFor("15550000006").size(), "no retry after a refusal");
    }

    @Test
    void aTimedOutSendIsRepeatedAsTheSameRequestAndDeliveredOnce() {
        acs.enqueue(AcsStub.Answer.slowAccept(2500));
        createRule("""
                {"name": "Slow", "priority": 10, "match": {"type": "KEYWORD", "value": "take your time"},
                 "reply": {"type": "TEXT", "text": "Done."}}""");
        customerWrites("e2e-timeout", "15550000007", "take your time");
        await(Duration.ofSeconds(15), "ACCEPTED", () -> parley.messagesOf("15550000007").size() == 2
                && "ACCEPTED".equals(parley.messagesOf("15550000007").get(1).get("status")));
        // the slow first request finishes at the stand-in after the repeat was accepted
        await(Duration.ofSeconds(10), "both requests at the stand-in, one delivery",
                () -> requestsFor("15550000007").size() >= 2 && sendsTo("15550000007").size() >= 1);
        List<AcsStub.Recorded> requests = requestsFor("15550000007");
        assertTrue(requests.size() >= 2, "the timed-out request was repeated: " + requests.size());
        assertEquals(1, requests.stream().map(AcsStub.Recorded::repeatabilityId).distinct().count());
        assertEquals(1, requests.stream().map(r -> r.header("repeatability-first-sent")).distinct().count());
        assertEquals(1, sendsTo("15550000007").size(), "ACS delivered it once");
        assertEquals(sendsTo("15550000007").get(0).receipt(), parley.messagesOf("15550000007").get(1)
                .get("acsMessageId"));
    }

    @Test
    void fourQuickMessagesAreAnsweredInOrder() {
        for (int i = 1; i <= 4; i++) {
            createRule("""
                    {"name": "Quick %d", "priority": %d, "match": {"type": "KEYWORD", "value": "quick %d"},
                     "reply": {"type": "TEXT", "text": "answer %d"}}""".formatted(i, i, i, i));
        }
        for (int i = 1; i <= 4; i++) {
            customerWrites("e2e-quick-" + i, "15550000008", "quick " + i);
        }
        await(Duration.ofSeconds(10), "four sends", () -> sendsTo("15550000008").size() == 4);
        List<String> order = sendsTo("15550000008").stream()
                .map(r -> r.body().replaceAll(".*\"content\":\"(answer \\d)\".*", "$1")).toList();
        assertEquals(List.of("answer 1", "answer 2", "answer 3", "answer 4"), order);
    }

    @Test
    void agentRepliesGoThroughTheOutboxAndRespectTheWindow() {
        customerWrites("e2e-agent-1", "15550000009", "I need a human");
        String conversation = (String) parley.list("/api/conversations?customerId=15550000009").get(0).get("id");
        var created = parley.admin("POST", "/api/conversations/" + conversation + "/messages",
                "{\"text\": \"Hi, this is Ann from support.\"}");
        assertEquals(201, created.statusCode(), created.body());
        await(Duration.ofSeconds(10), "the agent's message at ACS", () -> sendsTo("15550000009").stream()
                .anyMatch(r -> r.body().contains("this is Ann")));
        assertEquals("AGENT", parley.object(created.body()).get("origin"));

        // the customer's last message becomes 30 hours old
        assertEquals(1, (int) tx.inTransaction(() -> {
            try (var statement = dataSource.getConnection().prepareStatement(
                    "UPDATE conversation SET last_inbound_at = ? WHERE id = ?")) {
                statement.setTimestamp(1, java.sql.Timestamp.from(Instant.now().minus(Duration.ofHours(30))));
                statement.setObject(2, java.util.UUID.fromString(conversation));
                return statement.executeUpdate();
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }));
        var refused = parley.admin("POST", "/api/conversations/" + conversation + "/messages",
                "{\"text\": \"Are you still there?\"}");
        assertEquals(409, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("template"), refused.body());
        var template = parley.admin("POST", "/api/conversations/" + conversation + "/messages",
                "{\"text\": \"Are you still there?\", \"template\": {\"name\": \"follow_up\", \"language\": \"en\"}}");
        assertEquals(201, template.statusCode(), template.body());
        await(Duration.ofSeconds(10), "the template at ACS", () -> sendsTo("15550000009").stream()
                .anyMatch(r -> r.body().contains("\"name\":\"follow_up\"")));
        assertEquals(404, parley.admin("POST", "/api/conversations/" + java.util.UUID.randomUUID() + "/messages",
                "{\"text\": \"x\"}").statusCode());
    }

    @Test
    void statusesForUnknownMessagesAreKeptAndListed() {
        String unknown = "never-sent-" + System.nanoTime();
        assertEquals(200, parley.postEvents("?code=hook-secret", statusEvent("e2e-unknown-status", unknown,
                "Delivered")).statusCode());
        assertTrue(parley.list("/api/status-reports").stream().anyMatch(r -> unknown.equals(r.get("acsMessageId"))));
    }

    @Test
    void theWebhookRefusesAMissingOrWrongCodeAndTheAdminApiWrongCredentials() {
        String delivery = event("received-text.json").replace("00000000-0000-0000-0000-000000000000", "e2e-401");
        assertEquals(401, parley.postEvents("", delivery).statusCode());
        assertEquals(401, parley.postEvents("?code=nope", delivery).statusCode());
        ParleyClient intruder = new ParleyClient(server.getURL().toString(), json, "admin", "admin");
        assertEquals(401, intruder.admin("GET", "/api/rules", null).statusCode());
        assertEquals(200, parley.get("/health").statusCode());
    }

    @Test
    void productionHasNoCustomerPhone() {
        HttpResponse<String> phone = parley.admin("POST", "/console/demo/messages",
                "{\"from\": \"15551234567\", \"text\": \"Hello\"}");
        assertEquals(404, phone.statusCode(), "only the demo may post customer messages for the console");
    }
}
