package io.parley.app;

import static io.parley.app.ParleyClient.await;
import static io.parley.app.ParleyClient.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The analytics API end to end, in demo mode on a database of its own: a known set of customer messages goes
 * through the webhook, the bot, an agent and the simulated channel's statuses, and every figure is checked exactly;
 * then the same through Prometheus; and every wrong query is a 400 naming its field.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InsightApiTest implements TestPropertyProvider {

    private static final String CHANNEL = "11111111-1111-1111-1111-111111111111";

    @Inject EmbeddedServer server;
    @Inject JsonMapper json;
    @Inject io.parley.domain.port.out.TransactionPort tx;
    @Inject io.micronaut.data.jdbc.runtime.JdbcOperations jdbc;

    private ParleyClient admin;
    private long hoursRule;
    private long agentRule;
    private long fallbackRule;
    private long sizeRule;
    private long flow;

    @Override
    public Map<String, String> getProperties() {
        return TestSettings.freshDataDir("parley.demo.seed-team", "false", "parley.demo.seed-rules", "false",
                "parley.demo.analyses", "false", "parley.demo.sent-after", "20ms",
                "parley.demo.delivered-after", "40ms", "parley.demo.read-after", "60ms");
    }

    private long rule(String body) {
        HttpResponse<String> created = admin.admin("POST", "/api/rules", body);
        assertEquals(201, created.statusCode(), created.body());
        return ((Number) admin.object(created.body()).get("id")).longValue();
    }

    @BeforeAll
    void conversations() {
        admin = new ParleyClient(server.getURL().toString(), json, "admin", "admin");
        hoursRule = rule("{\"name\": \"Opening hours\", \"priority\": 10, \"match\": {\"type\": \"KEYWORD\", "
                + "\"value\": \"hours\"}, \"reply\": {\"type\": \"TEXT\", \"text\": \"9 to 5.\"}}");
        agentRule = rule("{\"name\": \"Talk to a person\", \"priority\": 20, \"match\": {\"type\": \"KEYWORD\", "
                + "\"value\": \"agent\"}, \"reply\": {\"type\": \"HANDOFF\", \"text\": \"A colleague takes over.\"}}");
        fallbackRule = rule("{\"name\": \"Fallback\", \"priority\": 1000, \"match\": {\"type\": \"ANY\"}, "
                + "\"reply\": {\"type\": \"TEXT\", \"text\": \"Sorry?\"}}");
        HttpResponse<String> created = admin.admin("POST", "/api/flows", """
                {"name": "Shoe size", "start": "ask", "steps": [
                  {"id": "ask", "type": "ASK", "message": {"type": "TEXT", "text": "Your size?"},
                   "expect": {"type": "NUMBER"}, "save": "size", "next": "done"},
                  {"id": "done", "type": "END", "message": {"type": "TEXT", "text": "Size {{flow.size}} noted."}}]}""");
        assertEquals(201, created.statusCode(), created.body());
        flow = ((Number) admin.object(created.body()).get("id")).longValue();
        sizeRule = rule("{\"name\": \"Shoe size\", \"priority\": 5, \"match\": {\"type\": \"KEYWORD\", "
                + "\"value\": \"size\"}, \"reply\": {\"type\": \"FLOW\", \"flowId\": " + flow + "}}");

        writes("4917000000001", "hours");
        writes("4917000000001", "Do you ship to Canada?");
        writes("4917000000002", "do you ship to canada");
        writes("4917000000002", "STOP");
        writes("4917000000003", "agent");
        await(Duration.ofSeconds(10), "the handoff", () -> admin.messagesOf("4917000000003").size() == 2);
        writes("4917000000003", "hello?");
        await(Duration.ofSeconds(10), "the message during the handoff",
                () -> admin.messagesOf("4917000000003").size() == 3);
        Object conversation = admin.list("/api/conversations?customerId=4917000000003").get(0).get("id");
        assertEquals(201, admin.admin("POST", "/api/conversations/" + conversation + "/messages",
                "{\"text\": \"Hi, Sam here.\"}").statusCode());
        // a flow: one customer gives a size and completes it, another answers wrong and a person ends it
        writes("4917000000004", "size");
        await(Duration.ofSeconds(10), "the question", () -> admin.messagesOf("4917000000004").size() == 2);
        writes("4917000000004", "42");
        writes("4917000000005", "size");
        await(Duration.ofSeconds(10), "the question", () -> admin.messagesOf("4917000000005").size() == 2);
        writes("4917000000005", "big");
        await(Duration.ofSeconds(10), "asked again", () -> admin.messagesOf("4917000000005").size() == 4);
        Object waiting = admin.list("/api/conversations?customerId=4917000000005").get(0).get("id");
        assertEquals(204, admin.admin("POST", "/api/conversations/" + waiting + "/flow/cancel", null).statusCode());
        await(Duration.ofSeconds(15), "every message to a customer to be read", () ->
                List.of("4917000000001", "4917000000002", "4917000000003", "4917000000004", "4917000000005")
                        .stream().allMatch(c ->
                        admin.messagesOf(c).stream().filter(m -> "OUTBOUND".equals(m.get("direction")))
                                .allMatch(m -> "READ".equals(m.get("status")))));
    }

    private void writes(String customer, String text) {
        assertEquals(200, admin.postEvents("", event("received-text.json").replace("{sender@id}", customer)
                .replace("00000000-0000-0000-0000-000000000000", UUID.randomUUID().toString())
                .replace("\"Hello\"", "\"" + text + "\"")).statusCode());
    }

    private Map<String, Object> get(String path) {
        HttpResponse<String> response = admin.admin("GET", path, null);
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return admin.object(response.body());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    private static long n(Object value) {
        return ((Number) value).longValue();
    }

    @Test
    void theSummaryCountsExactlyWhatHappened() {
        Map<String, Object> s = get("/api/analytics/summary");
        assertEquals(10, n(s.get("received")));
        assertEquals(Map.of("rule", 2, "flow", 4, "fallback", 2), map(s.get("answered")));
        assertEquals(0, n(s.get("unanswered")));
        assertEquals(1, n(s.get("handoffs")));
        assertEquals(1, n(s.get("agentMessages")));
        assertEquals(1, n(s.get("optOuts")));
        assertEquals(Map.of("consent", 1, "withPeople", 1, "silenced", 0, "noAnswerNeeded", 0), map(s.get("other")));
        assertEquals(8.0 / 10, ((Number) s.get("botShare")).doubleValue(), 1e-4);
        // ten replies: the hours, two fallbacks, the opt-out's confirmation, the handoff's text, Sam's message and
        // the flow's four (two questions, the question again, the last message)
        assertEquals(Map.of("accepted", 10, "sent", 10, "delivered", 10, "read", 10, "failed", 0),
                map(s.get("delivery")));
        assertEquals(Map.of(), map(s.get("failuresByCode")));
        Map<String, Object> firstResponse = map(s.get("firstResponseSeconds"));
        assertEquals(10, n(firstResponse.get("count")), "every customer message that waited got a first reply");
        assertTrue(((Number) firstResponse.get("p50")).doubleValue() <= 0.25, firstResponse.toString());

        Map<String, Object> otherChannel = get("/api/analytics/summary?channelId=no-such-channel");
        assertEquals(0, n(otherChannel.get("received")));
        assertEquals(null, otherChannel.get("botShare"), "no share of nothing");
    }

    @Test
    void theFoldJobMovesWhatWasCountedIntoTheHourlyTotalsAndTheFiguresStayTheSame() {
        Map<String, Object> before = get("/api/analytics/summary");
        await(Duration.ofSeconds(15), "the counts to be folded", () -> tx.inTransaction(() -> jdbc.prepareStatement(
                "SELECT COUNT(*) FROM insight_delta", st -> {
                    try (java.sql.ResultSet r = st.executeQuery()) {
                        r.next();
                        return r.getLong(1) == 0;
                    }
                })));
        assertEquals(before, get("/api/analytics/summary"));
    }

    @Test
    void rulesAreListedWithTheirAnswersMostFirst() {
        List<Map<String, Object>> rules = admin.list("/api/analytics/rules");
        assertEquals(List.of(fallbackRule, sizeRule, hoursRule, agentRule), rules.stream().map(r -> n(r.get("ruleId")))
                .toList(), "most first, then in the order they were made");
        assertEquals(List.of(2L, 2L, 1L, 1L), rules.stream().map(r -> n(r.get("replies"))).toList());
        assertEquals("Fallback", rules.get(0).get("name"));
    }

    @Test
    void theSameQuestionInOtherWordsIsOneUnansweredGroup() {
        List<Map<String, Object>> unanswered = admin.list("/api/analytics/unanswered");
        assertEquals(1, unanswered.size(), unanswered.toString());
        assertEquals("do you ship to canada", unanswered.get(0).get("text"), "the latest wording");
        assertEquals(2, n(unanswered.get(0).get("count")));
        assertEquals(2, n(unanswered.get(0).get("byFallback")));
    }

    @Test
    void aTimeSeriesAddsUpToTheSummaryAndEachMessageSaysHowItWasAnswered() {
        Map<String, Object> series = get("/api/analytics/timeseries?metric=received&bucket=hour");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> points = (List<Map<String, Object>>) series.get("points");
        assertEquals(7 * 24, points.size(), "every hour of the default seven days");
        assertEquals(10.0, points.stream().mapToDouble(p -> ((Number) p.get("value")).doubleValue()).sum());
        Map<String, Object> days = get("/api/analytics/timeseries?metric=botShare&zone="
                + URLEncoder.encode("Asia/Kolkata", StandardCharsets.UTF_8));
        assertEquals("Asia/Kolkata", days.get("zone"));
        assertEquals("day", days.get("bucket"));

        List<String> answers = admin.messagesOf("4917000000002").stream()
                .filter(m -> "INBOUND".equals(m.get("direction"))).map(m -> (String) map(m.get("inbound"))
                        .get("answer")).toList();
        assertEquals(List.of("FALLBACK", "CONSENT"), answers);
    }

    @Test
    void prometheusShowsTheSameCounts() {
        HttpResponse<String> scrape = admin.admin("GET", "/prometheus", null);
        assertEquals(200, scrape.statusCode());
        String text = scrape.body();
        assertTrue(text.contains("parley_insight_received_total 10.0"), text);
        assertTrue(text.contains("parley_insight_answered_total{by=\"fallback\"} 2.0"), text);
        assertTrue(text.contains("parley_insight_rule_answers_total{rule=\"" + fallbackRule + "\"} 2.0"), text);
        assertTrue(text.contains("parley_insight_delivery_total{status=\"read\"} 10.0"), text);
        assertTrue(text.contains("parley_insight_first_response_seconds_count 10"), text);
        assertTrue(text.contains("parley_insight_flow_steps_total{event=\"left\",flow=\"" + flow
                + "\",step=\"ask\"} 1.0"), text);
    }

    @Test
    void aFlowsFunnelCountsWhereCustomersWentAndWhereTheyLeft() {
        Map<String, Object> funnel = get("/api/analytics/flows/" + flow);
        assertEquals("Shoe size", funnel.get("name"));
        assertEquals(2, n(funnel.get("started")));
        assertEquals(1, n(funnel.get("completed")));
        assertEquals(0, n(funnel.get("handedOff")));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> steps = (List<Map<String, Object>>) funnel.get("steps");
        assertEquals(List.of(
                Map.of("id", "ask", "type", "ASK", "entered", 2, "invalid", 1, "timedOut", 0, "left", 1),
                Map.of("id", "done", "type", "END", "entered", 1, "invalid", 0, "timedOut", 0, "left", 0)), steps);
    }

    @Test
    void aWrongQueryIsRefusedNamingItsField() {
        assertRefused("/api/analytics/summary?from=yesterday", "from");
        assertRefused("/api/analytics/summary?from=2026-12-05&to=2026-12-01", "from");
        assertRefused("/api/analytics/summary?from=2020-01-01&to=2026-01-01", "to");
        assertRefused("/api/analytics/timeseries?metric=happiness", "metric");
        assertRefused("/api/analytics/timeseries", "metric");
        assertRefused("/api/analytics/timeseries?metric=received&bucket=week", "bucket");
        assertRefused("/api/analytics/timeseries?metric=received&zone=Mars/Base", "zone");
        assertRefused("/api/analytics/timeseries?metric=received&bucket=hour&from=2026-01-01&to=2026-12-01",
                "bucket");
        assertRefused("/api/analytics/unanswered?limit=0", "limit");
        HttpResponse<String> missing = admin.admin("GET", "/api/analytics/flows/987654", null);
        assertEquals(404, missing.statusCode());
        assertFalse(missing.body().contains("Exception"), missing.body());
    }

    private void assertRefused(String path, String field) {
        HttpResponse<String> refused = admin.admin("GET", path, null);
        assertEquals(400, refused.statusCode(), path + ": " + refused.body());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> fields = (List<Map<String, Object>>) admin.object(refused.body()).get("fields");
        assertEquals(field, fields.get(0).get("field"), refused.body());
    }
}
