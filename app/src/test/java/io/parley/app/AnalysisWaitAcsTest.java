package io.parley.app;

import static io.parley.app.ParleyClient.await;
import static io.parley.app.ParleyClient.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.parley.adapters.acs.AcsStub;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Answers that wait for the analysis, end to end: the message and, a moment later, its
 * AdvancedMessageAnalysisCompleted event delivered as Event Grid does, the reply going out through the real Azure SDK
 * to the HTTPS stand-in for ACS only once the analysis decided it (or the wait ran out).
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalysisWaitAcsTest extends MenuRulesAcsTestBase {

    /** The channel of the documentation's events (their "to"). */
    static final String CHANNEL = "11111111-1111-1111-1111-111111111111";
    private int analyses;

    @Override
    boolean interactive() {
        return false;
    }

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> settings = new HashMap<>(super.getProperties());
        settings.put("parley.analysis.wait", "2s");
        settings.put("parley.flows.poll-interval", "100ms");
        return settings;
    }

    @BeforeEach
    void rulesThatNeedTheAnalysis() {
        createRule("""
                {"name": "Order request", "priority": 5, "match": {"type": "INTENT", "value": "order request"},
                 "reply": {"type": "TEXT", "text": "Happy to help you order."}}""");
        createRule("""
                {"name": "Greeting", "priority": 6, "match": {"type": "CONTAINS", "value": "hola"},
                 "reply": {"type": "TEXT", "text": "Hello!", "variants": {"Spanish": "\u00a1Hola! \u00bfQu\u00e9 tal?"}}}""");
        createRule("""
                {"name": "Fallback", "priority": 1000, "match": {"type": "ANY"},
                 "reply": {"type": "TEXT", "text": "Sorry, I did not get that."}}""");
        // the channel has sent an analysis before: from now on its answers may wait for theirs
        analysisOf("15559000000", "earlier message", "English", "Greeting");
    }

    private void analysisOf(String customer, String text, String language, String intent) {
        String delivery = ParleyClient.analysisEvent("aw-analysis-" + (++analyses) + "-" + customer, customer,
                CHANNEL, text, language, intent);
        assertEquals(200, parley.postEvents("?code=hook-secret", delivery).statusCode());
    }

    private List<String> textsTo(String customer) {
        return sendsTo(customer).stream().map(AcsStub.Recorded::body)
                .map(b -> b.replaceAll("(?s).*\"content\":\"((?:[^\"\\\\]|\\\\.)*)\".*", "$1")).toList();
    }

    @SuppressWarnings("unchecked")
    private String holdOf(String customer, String text) {
        Map<String, Object> message = parley.messagesOf(customer).stream()
                .filter(m -> "INBOUND".equals(m.get("direction")) && text.equals(m.get("text"))).findFirst()
                .orElseThrow();
        return (String) ((Map<String, Object>) message.get("inbound")).get("answerHold");
    }

    @Test
    void anIntentRuleAnswersAMessageWhoseAnalysisArrivesASecondLater() throws InterruptedException {
        String ann = "15559000001";
        customerWrites(ann, "could you help me order flowers");
        Thread.sleep(1_000);
        assertEquals(List.of(), textsTo(ann), "nothing is sent before the analysis");
        assertEquals("WAITING", holdOf(ann, "could you help me order flowers"));
        analysisOf(ann, "could you help me order flowers", "English", "Order request: the customer wants flowers");
        await(Duration.ofSeconds(10), "the answer", () -> textsTo(ann).size() == 1);
        assertEquals("Happy to help you order.", textsTo(ann).get(0));
        assertEquals("ANALYSED", holdOf(ann, "could you help me order flowers"));
        Thread.sleep(2_500);
        assertEquals(1, textsTo(ann).size(), "the deadline that passed meanwhile sends nothing more");
    }

    @Test
    void aSpanishVariantFollowsASpanishAnalysis() {
        String ana = "15559000002";
        customerWrites(ana, "hola");
        analysisOf(ana, "hola", "Spanish", "Greeting");
        await(Duration.ofSeconds(10), "the answer", () -> textsTo(ana).size() == 1);
        assertEquals("\u00a1Hola! \u00bfQu\u00e9 tal?", textsTo(ana).get(0).replace("\\u00a1", "\u00a1")
                .replace("\\u00bf", "\u00bf").replace("\\u00e9", "\u00e9"));
    }

    @Test
    void withoutAnAnalysisTheFallbackAnswersAfterTheWait() {
        String bob = "15559000003";
        long start = System.nanoTime();
        customerWrites(bob, "what about tomorrow");
        await(Duration.ofSeconds(10), "the fallback", () -> textsTo(bob).size() == 1);
        long waitedMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals("Sorry, I did not get that.", textsTo(bob).get(0));
        assertTrue(waitedMillis >= 1_900, "decided at the deadline, not before: " + waitedMillis + " ms");
        assertEquals("TIMED_OUT", holdOf(bob, "what about tomorrow"));
        analysisOf(bob, "what about tomorrow", "English", "Order request: too late");
        assertEquals(1, textsTo(bob).size());
        @SuppressWarnings("unchecked")
        Map<String, Object> analysis = (Map<String, Object>) parley.messagesOf(bob).stream()
                .filter(m -> "INBOUND".equals(m.get("direction"))).findFirst().orElseThrow().get("analysis");
        assertNotNull(analysis, "the late analysis is stored and shown");
        assertEquals("Order request: too late", analysis.get("intent"));
    }

    @Test
    void aKeywordRuleThatOutranksTheIntentRuleIsAnsweredAtOnce() {
        createRule("""
                {"name": "Hours", "priority": 1, "match": {"type": "KEYWORD", "value": "hours"},
                 "reply": {"type": "TEXT", "text": "We open at 9."}}""");
        String cleo = "15559000004";
        long start = System.nanoTime();
        customerWrites(cleo, "hours");
        await(Duration.ofSeconds(10), "the answer", () -> textsTo(cleo).size() == 1);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals("We open at 9.", textsTo(cleo).get(0));
        assertTrue(millis < 1_900, "not held: " + millis + " ms");
        assertNull(holdOf(cleo, "hours"));
    }

    @Test
    void theTesterSaysTheAnswerWouldWaitAndForWhichRule() {
        var response = parley.admin("POST", "/api/rules/test", """
                {"text": "I need flowers", "channelId": "%s"}""".formatted(CHANNEL));
        assertEquals(200, response.statusCode(), response.body());
        @SuppressWarnings("unchecked")
        Map<String, Object> waits = (Map<String, Object>) parley.object(response.body()).get("waitsForAnalysis");
        assertNotNull(waits, response.body());
        assertEquals("INTENT", waits.get("why"));
        assertEquals(2000, ((Number) waits.get("upToMillis")).intValue());
        assertTrue(((String) waits.get("reason")).contains("Order request"), waits.toString());
    }
}
