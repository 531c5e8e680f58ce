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
 * Answers that wait for their analysis, in the built jar killed with SIGKILL while they wait: after the restart one
 * is answered when its analysis comes, the other at its deadline, each once and in the customer's order.
 */
class AnalysisWaitKillIT {

    private static final String CHANNEL = "11111111-1111-1111-1111-111111111111";
    private static AcsStub acs;
    private static Path dataDir;
    private static ApplicationContext jsonContext;
    private static int starts;
    private static int events;
    private ParleyProcess parley;

    @BeforeAll
    static void setUp() throws IOException {
        acs = AcsStub.start();
        dataDir = Files.createTempDirectory("parley-kill-analysis");
        jsonContext = ApplicationContext.run();
    }

    @AfterAll
    static void tearDown() {
        acs.close();
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
                // longer than a restart takes on a busy 2-core machine (6 s was seen), so the analysis comes first
                "PARLEY_ANALYSIS_WAIT", "15s",
                "PARLEY_ANALYSIS_WAIT_ALWAYS", "true",
                "PARLEY_FLOWS_POLL_INTERVAL", "200ms"));
        env.putAll(moreSettings());
        parley = ParleyProcess.start(env, getClass().getSimpleName() + "-" + (++starts), json);
        return parley.client(json, "admin", "kill-password");
    }

    private static void customerWrites(ParleyClient client, String customer, String text) {
        String delivery = event("received-text.json")
                .replace("00000000-0000-0000-0000-000000000000", "ka-" + (++events) + "-" + customer)
                .replace("{sender@id}", customer)
                .replace("\"Hello\"", "\"" + text + "\"");
        assertEquals(200, client.postEvents("?code=kill-secret", delivery).statusCode());
    }

    private static void analysisOf(ParleyClient client, String customer, String text, String intent) {
        String delivery = ParleyClient.analysisEvent("ka-analysis-" + (++events), customer, CHANNEL, text,
                "English", intent);
        assertEquals(200, client.postEvents("?code=kill-secret", delivery).statusCode());
    }

    private static List<String> sendsTo(String customer) {
        return acs.deliveredSends().stream().filter(r -> r.body().contains("\"to\":[\"" + customer + "\"]"))
                .map(AcsStub.Recorded::body).toList();
    }

    @Test
    void aKillWhileAnswersWaitLosesNoneAndAnswersEachOnce() throws Exception {
        ParleyClient client = start();
        assertEquals(201, client.admin("POST", "/api/rules", """
                {"name": "Order request", "priority": 5, "match": {"type": "INTENT", "value": "order request"},
                 "reply": {"type": "TEXT", "text": "Happy to help you order."}}""").statusCode());
        assertEquals(201, client.admin("POST", "/api/rules", """
                {"name": "Hours", "priority": 50, "match": {"type": "KEYWORD", "value": "hours"},
                 "reply": {"type": "TEXT", "text": "We open at 9."}}""").statusCode());
        assertEquals(201, client.admin("POST", "/api/rules", """
                {"name": "Fallback", "priority": 1000, "match": {"type": "ANY"},
                 "reply": {"type": "TEXT", "text": "Sorry, I did not get that."}}""").statusCode());
        String ann = "15557990001";
        String bob = "15557990002";
        customerWrites(client, ann, "flowers please");
        customerWrites(client, ann, "hours");
        customerWrites(client, bob, "what now");
        Thread.sleep(300);
        assertEquals(List.of(), sendsTo(ann));
        assertEquals(List.of(), sendsTo(bob));
        parley.kill9();

        ParleyClient restarted = start();
        analysisOf(restarted, ann, "flowers please", "Order request: flowers");
        await(Duration.ofSeconds(20), "ann's answers", () -> sendsTo(ann).size() == 2);
        assertTrue(sendsTo(ann).get(0).contains("Happy to help you order."), sendsTo(ann).get(0));
        assertTrue(sendsTo(ann).get(1).contains("We open at 9."), "in the customer's order: " + sendsTo(ann));
        await(Duration.ofSeconds(40), "bob's answer at the deadline", () -> sendsTo(bob).size() == 1);
        assertTrue(sendsTo(bob).get(0).contains("Sorry, I did not get that."), sendsTo(bob).get(0));
        Thread.sleep(2_000);
        assertEquals(2, sendsTo(ann).size(), "each once: " + sendsTo(ann));
        assertEquals(1, sendsTo(bob).size(), "once: " + sendsTo(bob));
    }
}
