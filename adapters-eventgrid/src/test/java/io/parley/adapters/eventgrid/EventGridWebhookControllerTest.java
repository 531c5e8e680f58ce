package io.parley.adapters.eventgrid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.parley.domain.model.DeliveryStatus;
import io.parley.domain.model.InboundContent;
import io.parley.domain.port.in.ReceiveMessageCommand;
import io.parley.domain.port.in.RecordAnalysisCommand;
import io.parley.domain.port.in.RecordDeliveryStatusCommand;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook over real HTTP, with the use cases replaced by recorders. */
@MicronautTest
class EventGridWebhookControllerTest {

    @Inject EmbeddedServer server;
    @Inject RecordingUseCases useCases;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void reset() {
        useCases.reset();
    }

    static String resource(String name) {
        try (InputStream in = EventGridWebhookControllerTest.class.getResourceAsStream("/events/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    HttpResponse<String> post(String query, String contentType, byte[] body) {
        try {
            // a bound on every answer: a webhook that hangs fails the test instead of stalling the build
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.getURL() + "/api/events" + query))
                    .timeout(java.time.Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            request.header("aeg-sas-key", "must-not-be-kept");
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> post(String body) {
        return post("?code=s3cret", "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void receivedTextBecomesAReceiveCommand() {
        HttpResponse<String> response = post(resource("received-text.json"));
        assertEquals(200, response.statusCode(), response.body());
        ReceiveMessageCommand command = useCases.received.get(0);
        assertEquals("00000000-0000-0000-0000-000000000000", command.eventId());
        assertEquals("11111111-1111-1111-1111-111111111111", command.channelId());
        assertEquals("{sender@id}", command.customerId());
        assertEquals(InboundContent.text("Hello"), command.content());
        assertEquals(Instant.parse("2023-07-06T18:30:19Z"), command.receivedAt());
    }

    private ReceiveMessageCommand receivedFrom(String resource) {
        HttpResponse<String> response = post(resource(resource));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(1, useCases.received.size(), response.body());
        return useCases.received.get(0);
    }

    @Test
    void mediaMessages() {
        InboundContent image = receivedFrom("received-media.json").content();
        assertEquals("image", image.kind());
        assertEquals(new InboundContent.Media("22222222-2222-2222-2222-222222222222", "image/jpeg", null,
                "This is a media caption", null), image.media());
        assertEquals("This is a media caption", image.displayText());
        useCases.reset();
        InboundContent document = receivedFrom("received-document.json").content();
        assertEquals("document", document.kind());
        assertEquals("invoice-4711.pdf", document.media().fileName());
        assertEquals("5a0c8f9e-0005-4000-8000-00000000aa05", document.channelMessageId());
        useCases.reset();
        String animated = resource("received-media.json").replace("\"mimeType\": \"image/jpeg\",",
                "\"mimeType\": \"image/webp\", \"animated\": true,").replace("\"channelType\"",
                "\"messageType\": \"sticker\", \"channelType\"");
        assertEquals(200, post(animated).statusCode());
        InboundContent stickerContent = useCases.received.get(0).content();
        assertEquals("sticker", stickerContent.kind());
        assertEquals(Boolean.TRUE, stickerContent.media().animated());
    }

    @Test
    void templateButtonReply() {
        InboundContent content = receivedFrom("received-button.json").content();
        assertEquals("button", content.kind());
        assertEquals(new InboundContent.Button("Yes, confirm", "confirm-order-4711"), content.button());
        assertEquals("confirm-order-4711", content.toRuleInput(false).buttonPayload());
    }

    @Test
    void interactiveButtonAndListReplies() {
        InboundContent button = receivedFrom("received-interactive-button.json").content();
        assertEquals(new InboundContent.Interactive("buttonReply", "opt-track", "Track my order", null),
                button.interactive());
        useCases.reset();
        InboundContent list = receivedFrom("received-interactive-list.json").content();
        assertEquals(new InboundContent.Interactive("listReply", "row-roses", "Roses", "A dozen red roses"),
                list.interactive());
        assertEquals("row-roses", list.toRuleInput(false).listReplyId());
        useCases.reset();
        String unknown = resource("received-interactive-list.json").replace("\"type\": \"listReply\"",
                "\"type\": \"unknown\"").replace("\"listReply\": {", "\"unknown\": {");
        assertEquals(200, post(unknown).statusCode());
        assertEquals("unknown", useCases.received.get(0).content().interactive().type());
    }

    @Test
    void reactionsAndReplyContext() {
        InboundContent reaction = receivedFrom("received-reaction.json").content();
        assertEquals(new InboundContent.Reaction("22222222-2222-2222-2222-222222222222", "👍"), reaction.reaction());
        assertEquals("reaction", reaction.kind());
        useCases.reset();
        InboundContent reply = receivedFrom("received-reply-context.json").content();
        assertEquals("Yes, that one", reply.text());
        assertEquals(new InboundContent.ReplyContext("22222222-2222-2222-2222-222222222222",
                "11111111-1111-1111-1111-111111111111"), reply.context());
    }

    @Test
    void whatsAppUsernamesUseTheBsuidAsCustomer() {
        ReceiveMessageCommand command = receivedFrom("received-username-bsuid.json");
        assertEquals("US.13491208655302741918", command.customerId());
        assertEquals("hi", command.content().text());
    }

    @Test
    void aChannelErrorIsKeptWithTheMessage() {
        String unsupported = resource("received-text.json").replace("\"content\": \"Hello\",",
                "\"messageType\": \"unsupported\", \"error\": {\"channelCode\": 131051, "
                        + "\"channelMessage\": \"Message type unknown\"},");
        assertEquals(200, post(unsupported).statusCode());
        InboundContent content = useCases.received.get(0).content();
        assertEquals("unsupported", content.kind());
        assertEquals(new InboundContent.ChannelError("131051", "Message type unknown"), content.error());
    }

    @Test
    void analysisCompleted() {
        HttpResponse<String> response = post(resource("analysis-completed.json"));
        assertEquals(200, response.statusCode(), response.body());
        RecordAnalysisCommand command = useCases.analyses.get(0);
        assertEquals("{sender@id}", command.customerId());
        assertEquals("00000000-0000-0000-0000-000000000000", command.channelId());
        assertEquals("English", command.analysis().language());
        assertEquals(0.99, command.analysis().confidence());
        assertEquals(List.of("order", "flowers", "Mother's Day"), command.analysis().keyPhrases());
        assertTrue(command.analysis().intent().startsWith("Order request"));
        assertEquals("Hello, could u help me order some flowers for Mother’s Day?",
                command.analysis().originalMessage());
    }

    @Test
    void subscriptionDeletionIsAcceptedAndRecorded() throws Exception {
        String deletion = """
                [{"id":"del-1","topic":"/subscriptions/x","subject":"",
                  "data":{"eventSubscriptionId":"/subscriptions/x/providers/Microsoft.EventGrid/eventSubscriptions/p"},
                  "eventType":"Microsoft.EventGrid.SubscriptionDeletedEvent",
                  "eventTime":"2026-01-25T22:12:19.4556811Z","metadataVersion":"1","dataVersion":"1"}]""";
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create(server.getURL() + "/api/events?code=s3cret"))
                .header("Content-Type", "application/json")
                .header("aeg-event-type", "SubscriptionDeletion")
                .POST(HttpRequest.BodyPublishers.ofString(deletion)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(List.of("Microsoft.EventGrid.SubscriptionDeletedEvent"), useCases.others);
    }

    @Test
    void aRedeliveryIsReportedAsDuplicate() {
        post(resource("received-text.json"));
        HttpResponse<String> again = post(resource("received-text.json"));
        assertEquals(200, again.statusCode());
        assertTrue(again.body().contains("\"duplicates\":1"), again.body());
        assertEquals(1, useCases.received.size());
    }

    @Test
    void statusesInAnyLetterCaseAndFailuresWithTheirCode() {
        assertEquals(200, post(resource("status-sent.json").replace("\"Sent\"", "\"delivered\"")).statusCode());
        assertEquals(200, post(resource("status-failed.json").replace("00000000-0000-0000-0000-000000000000",
                "f1")).statusCode());
        RecordDeliveryStatusCommand delivered = useCases.statuses.get(0);
        assertEquals(DeliveryStatus.DELIVERED, delivered.status());
        assertEquals("22222222-2222-2222-2222-222222222222", delivered.acsMessageId());
        RecordDeliveryStatusCommand failed = useCases.statuses.get(1);
        assertEquals(DeliveryStatus.FAILED, failed.status());
        assertEquals("131026", failed.errorCode());
        assertEquals("Message Undeliverable.", failed.errorMessage());
    }

    @Test
    void receivedTimeStampWithCapitalSAndTimestampsWithoutOffset() {
        post(resource("received-text.json").replace("\"receivedTimestamp\": \"2023-07-06T18:30:19+00:00\"",
                "\"receivedTimeStamp\": \"2023-07-06T18:30:19.123\""));
        assertEquals(Instant.parse("2023-07-06T18:30:19.123Z"), useCases.received.get(0).receivedAt());
    }

    @Test
    void cloudEventsSingleAndBatch() {
        String single = resource("cloudevent-received-text.json");
        assertEquals(200, post("?code=s3cret", "application/cloudevents+json",
                single.getBytes(StandardCharsets.UTF_8)).statusCode());
        String batch = "[" + single.replace("a1b2c3d4-0008", "b1") + "," + single.replace("a1b2c3d4-0008", "b2")
                + "]";
        HttpResponse<String> response = post("?code=s3cret", "application/cloudevents-batch+json",
                batch.getBytes(StandardCharsets.UTF_8));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(3, useCases.received.size());
        assertEquals("15551234567", useCases.received.get(0).customerId());
    }

    @Test
    void subscriptionValidationHandshake() {
        String validation = """
                [{"id":"2d1781af-3a4c-4d7c-bd0c-e34b19da4e66","topic":"/subscriptions/x","subject":"",
                  "data":{"validationCode":"512d38b6-c7b8-40c8-89fe-f46f9e9622b6",
                          "validationUrl":"https://rp-eastus2.eventgrid.azure.net:553/eventsubscriptions/x"},
                  "eventType":"Microsoft.EventGrid.SubscriptionValidationEvent",
                  "eventTime":"2018-01-25T22:12:19.4556811Z","metadataVersion":"1","dataVersion":"1"}]""";
        HttpResponse<String> response = post(validation);
        assertEquals(200, response.statusCode());
        assertEquals("{\"validationResponse\":\"512d38b6-c7b8-40c8-89fe-f46f9e9622b6\"}", response.body());
    }

    @Test
    void optionsAbuseProtectionHandshake() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server.getURL() + "/api/events"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("WebHook-Request-Origin", "eventgrid.azure.net")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertEquals("eventgrid.azure.net", response.headers().firstValue("WebHook-Allowed-Origin").orElse(null));
        assertEquals("*", response.headers().firstValue("WebHook-Allowed-Rate").orElse(null));
    }

    @Test
    void theSecretIsRequiredAndEitherOfTwoIsAccepted() {
        byte[] body = resource("received-text.json").getBytes(StandardCharsets.UTF_8);
        assertEquals(401, post("", "application/json", body).statusCode());
        assertEquals(401, post("?code=wrong", "application/json", body).statusCode());
        assertEquals(401, post("?code=s3cre", "application/json", body).statusCode());
        assertTrue(useCases.received.isEmpty());
        assertEquals(200, post("?code=old-s3cret", "application/json", body).statusCode());
        assertEquals(1, useCases.received.size());
    }

    @Test
    void invalidJsonIs400WithAReasonAndTheRawBodyIsKept() {
        byte[] body = {'[', '{', '"', 'i', (byte) 0xC3, (byte) 0x28};
        HttpResponse<String> response = post("?code=s3cret", "application/json", body);
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("\"error\":\"the body is not valid JSON"), response.body());
        assertEquals(1, useCases.deadLetters.size());
        assertArrayEquals(body, useCases.deadLetters.get(0).body());
        assertNull(useCases.deadLetters.get(0).headers().get("aeg-sas-key"), "credentials are not kept");
        assertEquals("application/json", useCases.deadLetters.get(0).headers().get("content-type"));
    }

    @Test
    void anythingAfterTheJsonValueAndDuplicateKeysAre400AndKept() {
        String event = resource("received-text.json");
        String second = event.replace("00000000-0000-0000-0000-000000000000", "second-array");
        String duplicate = event.replace("\"content\": \"Hello\"", "\"content\": \"Hello\", \"content\": \"Bye\"");
        for (String body : List.of(event + second, event + " x", event + "]", duplicate)) {
            HttpResponse<String> response = post(body);
            assertEquals(400, response.statusCode(), response.body());
            assertTrue(response.body().contains("the body is not valid JSON"), response.body());
        }
        assertTrue(post(duplicate).body().contains("Duplicate field 'content'"));
        assertTrue(useCases.received.isEmpty(), "nothing of a refused delivery is taken in");
        assertEquals(5, useCases.deadLetters.size());
        assertEquals(200, post(event + " \n\t ").statusCode(), "whitespace after the value is fine");
    }

    @Test
    void aNulCharacterBecomesTheReplacementCharacterInEveryText() {
        String body = resource("received-text.json")
                .replace("00000000-0000-0000-0000-000000000000", "nul\\u0000id")
                .replace("\"content\": \"Hello\"", "\"content\": \"He\\u0000llo\"")
                .replace("\"from\": \"{sender@id}\"", "\"from\": \"155\\u000055\"");
        HttpResponse<String> response = post(body);
        assertEquals(200, response.statusCode(), response.body());
        ReceiveMessageCommand command = useCases.received.get(0);
        assertEquals("nul\uFFFDid", command.eventId());
        assertEquals(InboundContent.text("He\uFFFDllo"), command.content());
        assertEquals("155\uFFFD55", command.customerId());
    }

    @Test
    void aBodyThatIsNotAnEventArrayIs400() {
        for (String body : List.of("42", "\"x\"", "{}", "[]", "[1,2]", "[{\"id\":\"x\"}]", "null")) {
            HttpResponse<String> response = post(body);
            assertEquals(400, response.statusCode(), body + " -> " + response.body());
            assertTrue(response.body().startsWith("{\"error\":"), response.body());
        }
        assertEquals(7, useCases.deadLetters.size());
    }

    @Test
    void oneBadEventDoesNotFailTheBatch() {
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 50; i++) {
            String event = resource("received-text.json").strip();
            event = event.substring(1, event.length() - 1).replace("00000000-0000-0000-0000-000000000000", "e" + i);
            if (i == 17) {
                event = event.replace("\"from\": \"{sender@id}\",", "");
            }
            batch.append(i == 0 ? "" : ",").append(event);
        }
        HttpResponse<String> response = post(batch.append("]").toString());
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(49, useCases.received.size());
        assertEquals(1, useCases.deadLetters.size());
        assertTrue(useCases.deadLetters.get(0).reason().contains("e17"), useCases.deadLetters.get(0).reason());
        assertTrue(response.body().contains("\"deadLettered\":1"), response.body());
    }

    @Test
    void unknownEventTypesAreAcceptedAndRecorded() {
        HttpResponse<String> response = post(resource("received-text.json")
                .replace("Microsoft.Communication.AdvancedMessageReceived", "Microsoft.Something.Else"));
        assertEquals(200, response.statusCode());
        assertEquals(List.of("Microsoft.Something.Else"), useCases.others);
    }

    @Test
    void anOversizedEventIs413AndKept() {
        String big = resource("received-text.json").replace("\"Hello\"", "\"" + "x".repeat(5000) + "\"");
        HttpResponse<String> response = post(big);
        assertEquals(413, response.statusCode(), response.body());
        assertEquals(1, useCases.deadLetters.size());
        assertTrue(useCases.received.isEmpty());
    }

    @Test
    void anOversizedDeliveryIs413() {
        byte[] huge = new byte[70_000];
        java.util.Arrays.fill(huge, (byte) ' ');
        assertEquals(413, post("?code=s3cret", "application/json", huge).statusCode());
    }

    @Test
    void storageFailuresAre503SoThatEventGridRetries() {
        useCases.failNext = new IllegalStateException("database is down");
        HttpResponse<String> response = post(resource("received-text.json"));
        assertEquals(503, response.statusCode(), response.body());
        assertTrue(!response.body().contains("database is down"), "no internals in an answer: " + response.body());
        assertTrue(useCases.deadLetters.isEmpty(), "a transient failure is not a dead letter");
        assertEquals(200, post(resource("received-text.json")).statusCode(), "the retry succeeds");
    }

    @Test
    void storageThatHangsIsAnswered503WithinEventGridsWait() throws InterruptedException {
        java.util.concurrent.CountDownLatch hang = new java.util.concurrent.CountDownLatch(1);
        useCases.hang = hang;
        try {
            // answer-timeout is 2 s in application-test.yml (25 s in the app)
            HttpResponse<String> response = post(resource("received-text.json"));
            assertEquals(503, response.statusCode(), response.body());
        } finally {
            hang.countDown();
            useCases.hang = null;
        }
        // the released delivery still lands; wait for it here, or it lands in the next test's recorders
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (useCases.received.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(1, useCases.received.size(), "the hung delivery, stored once it was let go");
    }

    @Test
    void aFullIngestQueueIs503WithARetryAfter() {
        useCases.failNext = new GroupCommit.OverloadedException(10_000);
        HttpResponse<String> response = post(resource("received-text.json"));
        assertEquals(503, response.statusCode(), response.body());
        assertEquals("1", response.headers().firstValue("Retry-After").orElse(null));
        assertTrue(response.body().contains("try again later"), response.body());
        assertTrue(useCases.received.isEmpty());
    }

    @Test
    void deadLettersOfABatchAreKeptOnceItsGoodEventsAreStored() {
        String good = resource("received-text.json");
        String bad = good.replace("\"from\": \"{sender@id}\"", "\"from\": 42");
        String both = good.substring(0, good.lastIndexOf(']')) + "," + bad.substring(bad.indexOf('[') + 1)
                .replace("00000000-0000-0000-0000-000000000000", "00000000-0000-0000-0000-000000000001");
        useCases.failNext = new IllegalStateException("database is down");
        assertEquals(503, post(both).statusCode());
        assertTrue(useCases.deadLetters.isEmpty(), "nothing kept for a delivery Event Grid will deliver again");
        HttpResponse<String> retried = post(both);
        assertEquals(200, retried.statusCode(), retried.body());
        assertEquals(1, useCases.received.size());
        assertEquals(1, useCases.deadLetters.size(), retried.body());
    }

    /**
     * Seeded random mutations of real deliveries: truncation, wrong types, deep nesting, huge strings, invalid
     * UTF-8, duplicated keys. None may produce a 5xx, and every refused body must be found in the dead letters.
     */
    @Test
    void randomMutationsNeverCauseA5xxAndRefusedBodiesAreKept() {
        Random random = new Random(7);
        List<String> seeds = List.of(resource("received-text.json"), resource("status-sent.json"),
                resource("status-failed.json"), resource("analysis-completed.json"),
                resource("cloudevent-received-text.json"), resource("received-media.json"));
        int refused = 0;
        for (int i = 0; i < 10_000; i++) {
            byte[] body = DeliveryMutations.mutate(seeds.get(random.nextInt(seeds.size())), random, i);
            int before = useCases.deadLetters.size();
            HttpResponse<String> response = post("?code=s3cret", "application/json", body);
            int status = response.statusCode();
            assertTrue(status < 500, "mutation " + i + " got " + status + ": " + response.body());
            assertTrue(status == 200 || status == 400 || status == 413, "mutation " + i + " got " + status);
            if (status != 200) {
                refused++;
                assertEquals(before + 1, useCases.deadLetters.size(), "mutation " + i + " was not kept");
                assertArrayEquals(body, useCases.deadLetters.get(useCases.deadLetters.size() - 1).body());
            }
        }
        assertTrue(refused > 1000, "the mutations should exercise the refusal path, refused " + refused);
    }
}
