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
import java.io.IOException;

import java.net.http.HttpResponse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every Advanced Messaging payload of the ACS documentation through the whole app: stored as a typed message, shown
 * by the messages API, media downloaded through the SDK, analyses attached, concurrent redeliveries collapsed.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InboundPayloadsTest implements TestPropertyProvider {

    static {
        AcsStub.trustStubByDefault();
    }

    private final AcsStub acs = AcsStub.start();

    @Inject EmbeddedServer server;
    @Inject JsonMapper json;
    private ParleyClient parley;

    @Override
    public Map<String, String> getProperties() {
        return TestSettings.freshDataDir(
                "parley.acs.connection-string", acs.connectionString(),
                "parley.webhook.secret", "hook",
                "parley.admin.password", "payloads-password",
                "parley.dispatcher.poll-interval", "100ms",
                "parley.media.poll-interval", "100ms");
    }

    @BeforeAll
    void client() {
        parley = new ParleyClient(server.getURL().toString(), json, "admin", "payloads-password");
    }

    @AfterAll
    void stop() {
        acs.close();
    }

    /** Posts a documentation example as if {@code customer} had sent it, and returns the stored message. */
    private Map<String, Object> stored(String example, String customer) {
        String body = event(example).replace("15551234567", customer).replace("{sender@id}", customer)
                .replace("00000000-0000-0000-0000-000000000000", "p-" + customer)
                .replace("\"id\": \"a1b2c3d4", "\"id\": \"" + customer + "-a1b2c3d4");
        HttpResponse<String> response = parley.postEvents("?code=hook", body);
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"accepted\":1"), response.body());
        List<Map<String, Object>> messages = parley.messagesOf(customer);
        return messages.get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> part(Map<String, Object> message, String name) {
        return (Map<String, Object>) ((Map<String, Object>) message.get("inbound")).get(name);
    }

    @Test
    void everyPayloadKindIsStoredTyped() {
        Map<String, Object> button = stored("received-button.json", "100001");
        assertEquals("button", button.get("kind"));
        assertEquals("confirm-order-4711", part(button, "button").get("payload"));
        assertEquals("Yes, confirm", button.get("text"));

        Map<String, Object> interactive = stored("received-interactive-button.json", "100002");
        assertEquals("interactive", interactive.get("kind"));
        assertEquals("opt-track", part(interactive, "interactive").get("id"));

        Map<String, Object> list = stored("received-interactive-list.json", "100003");
        assertEquals("listReply", part(list, "interactive").get("type"));
        assertEquals("A dozen red roses", part(list, "interactive").get("description"));

        Map<String, Object> reaction = stored("received-reaction.json", "100004");
        assertEquals("reaction", reaction.get("kind"));
        assertEquals("👍", part(reaction, "reaction").get("emoji"));

        Map<String, Object> reply = stored("received-reply-context.json", "100005");
        assertEquals("22222222-2222-2222-2222-222222222222", part(reply, "context").get("messageId"));
        assertEquals("Yes, that one", reply.get("text"));

        Map<String, Object> document = stored("received-document.json", "100006");
        assertEquals("document", document.get("kind"));
        assertEquals("invoice-4711.pdf", part(document, "media").get("fileName"));
        assertEquals("5a0c8f9e-0005-4000-8000-00000000aa05", document.get("channelMessageId"));

        HttpResponse<String> bsuid = parley.postEvents("?code=hook", event("received-username-bsuid.json"));
        assertEquals(200, bsuid.statusCode());
        assertEquals("hi", parley.messagesOf("US.13491208655302741918").get(0).get("text"));
    }

    @Test
    void receivedMediaIsDownloadedAndServedToAdmins() {
        acs.media("22222222-2222-2222-2222-222222222222", "image/jpeg", "JPEG-BYTES-FROM-WHATSAPP");
        Map<String, Object> image = stored("received-media.json", "200001");
        assertEquals("image", image.get("kind"));
        assertEquals("This is a media caption", image.get("text"));
        String mediaUrl = (String) ((Map<?, ?>) image.get("inbound")).get("mediaUrl");
        await(Duration.ofSeconds(10), "the media download", () ->
                parley.admin("GET", mediaUrl, null).statusCode() == 200);
        HttpResponse<String> media = parley.admin("GET", mediaUrl, null);
        assertEquals("JPEG-BYTES-FROM-WHATSAPP", media.body());
        assertEquals("image/jpeg", media.headers().firstValue("Content-Type").orElse(""));
        assertEquals(401, parley.get(mediaUrl).statusCode(), "media is for admins only");
    }

    @Test
    void mediaThatCannotBeFoundIsReportedNotServed() {
        String gone = event("received-document.json").replace("33333333-3333-3333-3333-333333333333", "gone")
                .replace("15551234567", "200002");
        assertEquals(200, parley.postEvents("?code=hook", gone).statusCode());
        String id = (String) parley.messagesOf("200002").get(0).get("id");
        await(Duration.ofSeconds(10), "the download to fail", () ->
                parley.admin("GET", "/api/media/" + id, null).body().contains("FAILED"));
    }

    @Test
    void analysisIsAttachedToItsMessage() {
        String customer = "300001";
        String text = "Hello, could u help me order some flowers for Mother’s Day?";
        String message = event("received-text.json").replace("{sender@id}", customer)
                .replace("00000000-0000-0000-0000-000000000000", "an-msg")
                .replace("2023-07-06T18:30:19+00:00", "2024-07-05T19:10:34+00:00")
                .replace("\"Hello\"", "\"" + text + "\"")
                .replace("11111111-1111-1111-1111-111111111111", "00000000-0000-0000-0000-000000000000");
        assertEquals(200, parley.postEvents("?code=hook", message).statusCode());
        String analysis = event("analysis-completed.json").replace("{sender@id}", customer);
        HttpResponse<String> response = parley.postEvents("?code=hook", analysis);
        assertEquals(200, response.statusCode(), response.body());
        Map<?, ?> attached = (Map<?, ?>) parley.messagesOf(customer).get(0).get("analysis");
        assertEquals("English", attached.get("language"));
        assertEquals(List.of("order", "flowers", "Mother's Day"), attached.get("keyPhrases"));
        assertTrue(((String) attached.get("intent")).startsWith("Order request"));
    }

    @Test
    void anAnalysisWithoutItsMessageIsKeptAndAttachedWhenTheMessageArrives() {
        String customer = "300002";
        String analysis = event("analysis-completed.json").replace("{sender@id}", customer)
                .replace("df1c2d92-6155-4ad7-a865-cb8497106c52", "early-analysis");
        assertEquals(200, parley.postEvents("?code=hook", analysis).statusCode());
        String message = event("received-text.json").replace("{sender@id}", customer)
                .replace("00000000-0000-0000-0000-000000000000", "late-msg")
                .replace("\"Hello\"", "\"Hello, could u help me order some flowers for Mother’s Day?\"")
                .replace("11111111-1111-1111-1111-111111111111", "00000000-0000-0000-0000-000000000000");
        assertEquals(200, parley.postEvents("?code=hook", message).statusCode());
        Map<?, ?> attached = (Map<?, ?>) parley.messagesOf(customer).get(0).get("analysis");
        assertEquals("English", attached.get("language"));
    }

    @Test
    void eightConcurrentDeliveriesOfOneEventHaveOneEffect() throws Exception {
        assertEquals(201, parley.admin("POST", "/api/rules", """
                {"name": "Concurrent", "priority": 1, "match": {"type": "KEYWORD", "value": "all at once"},
                 "reply": {"type": "TEXT", "text": "Once."}}""").statusCode());
        String delivery = event("received-text.json").replace("{sender@id}", "400001")
                .replace("00000000-0000-0000-0000-000000000000", "concurrent-1")
                .replace("\"Hello\"", "\"All at once\"");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> statuses = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            statuses.add(pool.submit(() -> {
                go.await();
                return parley.postEvents("?code=hook", delivery).statusCode();
            }));
        }
        go.countDown();
        for (Future<Integer> status : statuses) {
            assertEquals(200, status.get());
        }
        pool.shutdown();
        await(Duration.ofSeconds(10), "the reply to be sent", () -> acs.deliveredSends().stream()
                .anyMatch(r -> r.body().contains("\"to\":[\"400001\"]")));
        parley.awaitNothingQueuedFor(Duration.ofSeconds(10), "400001");
        List<Map<String, Object>> messages = parley.messagesOf("400001");
        assertEquals(2, messages.size(), "one inbound message and one reply: " + messages);
        assertEquals(1, acs.requests().stream().filter(r -> r.body().contains("\"to\":[\"400001\"]")).count());
    }
}
