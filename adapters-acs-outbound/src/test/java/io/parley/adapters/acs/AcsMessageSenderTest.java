package io.parley.adapters.acs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.util.DateTimeRfc1123;
import io.parley.domain.model.Conversation;
import io.parley.domain.model.InteractiveOption;
import io.parley.domain.model.OptionSection;
import io.parley.domain.model.OutboundContent;
import io.parley.domain.model.OutboundMessage;
import io.parley.domain.port.out.SendFailedException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real Azure SDK client against a local HTTPS stand-in that verifies ACS's HMAC signature. */
class AcsMessageSenderTest {

    private static AcsStub stub;
    private static AcsMessageSender sender;

    private final Instant now = Instant.parse("2026-11-21T10:15:30Z");
    private final Conversation conversation = new Conversation(UUID.randomUUID(),
            "11111111-1111-1111-1111-111111111111", "15551234567", now, now);

    @BeforeAll
    static void start() {
        AcsStub.trustStubByDefault();
        stub = AcsStub.start();
        sender = new AcsMessageSender(AcsOutboundFactory.connect(stub.connectionString(), Duration.ofSeconds(5)));
    }

    @AfterAll
    static void stop() {
        stub.close();
    }

    @BeforeEach
    void reset() {
        stub.reset();
    }

    private OutboundMessage message(OutboundContent content) {
        return OutboundMessage.queue(UUID.randomUUID(), conversation, null, 1L, content, now).attempt(now, AcsChannelPolicy.WHATSAPP.repeatabilityWindow());
    }

    @Test
    void sendsASignedTextMessageWithTheMessageIdAsRepeatabilityId() throws Exception {
        OutboundMessage message = message(new OutboundContent.Text("We are open 9:00-17:00."));
        String receipt = sender.send(message);

        AcsStub.Recorded request = stub.requests().get(0);
        assertTrue(request.signatureValid(), request.signatureProblem());
        assertEquals("127.0.0.1", request.host(), "signed host is sent without the port");
        assertEquals("/messages/notifications:send?api-version=2024-02-01", request.pathAndQuery());
        assertEquals(message.id().toString(), request.repeatabilityId());
        assertEquals(new DateTimeRfc1123(OffsetDateTime.ofInstant(now, ZoneOffset.UTC)).toString(),
                request.header("repeatability-first-sent"));
        assertTrue(request.body().contains("\"channelRegistrationId\":\"11111111-1111-1111-1111-111111111111\""),
                request.body());
        assertTrue(request.body().contains("\"to\":[\"15551234567\"]"), request.body());
        assertTrue(request.body().contains("\"kind\":\"text\""), request.body());
        assertTrue(request.body().contains("\"content\":\"We are open 9:00-17:00.\""), request.body());
        assertEquals(request.receipt(), receipt);
    }

    @Test
    void aRetryIsTheSameRequestAndGetsTheSameReceipt() throws Exception {
        OutboundMessage message = message(new OutboundContent.Text("hi"));
        String first = sender.send(message);
        String second = sender.send(message.attempt(now.plusSeconds(30),
                AcsChannelPolicy.WHATSAPP.repeatabilityWindow()));
        assertEquals(first, second);
        List<AcsStub.Recorded> requests = stub.requests();
        assertEquals(requests.get(0).repeatabilityId(), requests.get(1).repeatabilityId());
        assertEquals(requests.get(0).header("repeatability-first-sent"),
                requests.get(1).header("repeatability-first-sent"));
        assertEquals(1, stub.deliveredSends().size());
    }

    @Test
    void mediaAndTemplateContent() throws Exception {
        sender.send(message(new OutboundContent.Media("https://example.test/menu.png", "Our menu")));
        sender.send(message(new OutboundContent.Template("order_update", "en_US", List.of("Ann", "42"))));
        String media = stub.requests().get(0).body();
        String template = stub.requests().get(1).body();
        assertTrue(media.contains("\"kind\":\"image\"") && media.contains("\"mediaUri\":\"https://example.test/menu.png\"")
                && media.contains("\"content\":\"Our menu\""), media);
        assertTrue(template.contains("\"kind\":\"template\"") && template.contains("\"name\":\"order_update\"")
                && template.contains("\"language\":\"en_US\"") && template.contains("\"text\":\"Ann\"")
                && template.contains("\"refValue\":\"p2\""), template);
        assertTrue(stub.requests().stream().allMatch(AcsStub.Recorded::signatureValid));
    }

    private static final String TO = "{\"channelRegistrationId\":\"11111111-1111-1111-1111-111111111111\","
            + "\"to\":[\"15551234567\"],\"kind\":\"interactive\",\"interactiveMessage\":";

    @Test
    void buttonsGoToTheInteractiveApiVersionSignedWithTheContractsBody() throws Exception {
        OutboundMessage message = message(new OutboundContent.Interactive("Hello", "What can we do?", "Parley",
                new OutboundContent.Interactive.Buttons(List.of(new InteractiveOption("orders", "Orders"),
                        new InteractiveOption("help", "Talk to us")))));
        String receipt = sender.send(message);

        AcsStub.Recorded request = stub.requests().get(0);
        assertTrue(request.signatureValid(), request.signatureProblem());
        assertEquals("127.0.0.1", request.host());
        assertEquals("/messages/notifications:send?api-version=2025-01-15-preview", request.pathAndQuery());
        assertEquals(message.id().toString(), request.repeatabilityId());
        assertEquals(new DateTimeRfc1123(OffsetDateTime.ofInstant(now, ZoneOffset.UTC)).toString(),
                request.header("repeatability-first-sent"));
        assertTrue(request.header("User-Agent").startsWith("azsdk-java-azure-communication-messages/1.0.0"),
                request.header("User-Agent"));
        assertEquals(TO + "{\"header\":{\"kind\":\"text\",\"text\":\"Hello\"},"
                + "\"body\":{\"kind\":\"text\",\"text\":\"What can we do?\"},"
                + "\"footer\":{\"kind\":\"text\",\"text\":\"Parley\"},"
                + "\"action\":{\"kind\":\"whatsAppButtonAction\",\"content\":{\"kind\":\"buttonSet\",\"buttons\":["
                + "{\"id\":\"orders\",\"title\":\"Orders\"},{\"id\":\"help\",\"title\":\"Talk to us\"}]}}}}",
                request.body());
        assertEquals(request.receipt(), receipt);
    }

    @Test
    void aListLeavesOutAbsentHeaderAndFooterAndGivesEveryRowADescription() throws Exception {
        sender.send(message(new OutboundContent.Interactive(null, "Pick a time", null,
                new OutboundContent.Interactive.Choices("Times", List.of(
                        new OptionSection("Morning", new InteractiveOption("9", "9:00", "Early bird"),
                                new InteractiveOption("10", "10:00")),
                        new OptionSection("Afternoon", new InteractiveOption("14", "14:00")))))));
        AcsStub.Recorded request = stub.requests().get(0);
        assertTrue(request.signatureValid(), request.signatureProblem());
        assertEquals(TO + "{\"body\":{\"kind\":\"text\",\"text\":\"Pick a time\"},"
                + "\"action\":{\"kind\":\"whatsAppListAction\",\"content\":{\"kind\":\"group\",\"title\":\"Times\","
                + "\"groups\":[{\"title\":\"Morning\",\"items\":["
                + "{\"id\":\"9\",\"title\":\"9:00\",\"description\":\"Early bird\"},"
                + "{\"id\":\"10\",\"title\":\"10:00\",\"description\":\"\"}]},"
                + "{\"title\":\"Afternoon\",\"items\":[{\"id\":\"14\",\"title\":\"14:00\",\"description\":\"\"}]}]}}}}",
                request.body());
    }

    @Test
    void aLinkIsAUrlAction() throws Exception {
        sender.send(message(new OutboundContent.Interactive(null, "Track your parcel", null,
                new OutboundContent.Interactive.Link("Track", "https://shop.example/t?id=a%20b"))));
        AcsStub.Recorded request = stub.requests().get(0);
        assertTrue(request.signatureValid(), request.signatureProblem());
        assertEquals(TO + "{\"body\":{\"kind\":\"text\",\"text\":\"Track your parcel\"},"
                + "\"action\":{\"kind\":\"whatsAppUrlAction\",\"content\":{\"kind\":\"url\",\"title\":\"Track\","
                + "\"url\":\"https://shop.example/t?id=a%20b\"}}}}", request.body());
    }

    @Test
    void anInteractiveSendRetriedAfter503IsTheSameRequestAndGetsOneReceipt() throws Exception {
        OutboundMessage message = message(new OutboundContent.Interactive(null, "Menu", null,
                new OutboundContent.Interactive.Buttons(List.of(new InteractiveOption("a", "A")))));
        stub.enqueue(new AcsStub.Answer(503, Map.of("Retry-After", "3"),
                "{\"error\":{\"code\":\"ServiceUnavailable\",\"message\":\"try later\"}}"));
        SendFailedException unavailable = assertThrows(SendFailedException.class, () -> sender.send(message));
        assertTrue(unavailable.isTransient());
        assertEquals("503", unavailable.code());
        assertEquals(Duration.ofSeconds(3), unavailable.retryAfter().orElseThrow());
        assertTrue(unavailable.getMessage().contains("try later"), unavailable.getMessage());

        String first = sender.send(message.attempt(now.plusSeconds(3),
                AcsChannelPolicy.WHATSAPP.repeatabilityWindow()));
        String again = sender.send(message.attempt(now.plusSeconds(9),
                AcsChannelPolicy.WHATSAPP.repeatabilityWindow()));
        assertEquals(first, again);
        List<AcsStub.Recorded> requests = stub.requests();
        assertEquals(3, requests.size(), "the pipeline itself does not retry");
        assertTrue(requests.stream().allMatch(AcsStub.Recorded::signatureValid));
        assertEquals(1, requests.stream().map(AcsStub.Recorded::repeatabilityId).distinct().count());
        assertEquals(1, requests.stream().map(r -> r.header("repeatability-first-sent")).distinct().count());
        assertEquals(requests.get(0).body(), requests.get(2).body());
        assertEquals(1, stub.deliveredSends().size());
    }

    @Test
    void anInteractiveRefusalIsFinalWithTheReasonAndTheConfiguredApiVersionIsUsed() {
        AcsMessageSender old = new AcsMessageSender(AcsOutboundFactory.connect(stub.connectionString(),
                Duration.ofSeconds(5)), "2024-02-01", java.time.Clock.fixed(now, ZoneOffset.UTC));
        SendFailedException refused = assertThrows(SendFailedException.class, () -> old.send(message(
                new OutboundContent.Interactive(null, "Menu", null,
                        new OutboundContent.Interactive.Link("Open", "https://shop.example")))));
        assertFalse(refused.isTransient());
        assertEquals("400", refused.code());
        assertTrue(refused.getMessage().contains("not supported in api-version 2024-02-01"), refused.getMessage());
        assertEquals("/messages/notifications:send?api-version=2024-02-01", stub.requests().get(0).pathAndQuery());
    }

    @Test
    void anUnreachableEndpointIsTransientForInteractiveSendsToo() {
        AcsStub gone = AcsStub.start();
        String connectionString = gone.connectionString();
        gone.close();
        AcsMessageSender unreachable = new AcsMessageSender(AcsOutboundFactory.connect(connectionString,
                Duration.ofSeconds(2)));
        SendFailedException failure = assertThrows(SendFailedException.class,
                () -> unreachable.send(message(new OutboundContent.Interactive(null, "Menu", null,
                        new OutboundContent.Interactive.Buttons(List.of(new InteractiveOption("a", "A")))))));
        assertTrue(failure.isTransient());
        assertEquals("CONNECTION", failure.code());
    }

    @Test
    void serverErrorsAndThrottlingAreTransientAndCarryRetryAfter() {
        stub.enqueue(503, "{\"error\":{\"code\":\"ServiceUnavailable\",\"message\":\"try later\"}}");
        SendFailedException unavailable = assertThrows(SendFailedException.class,
                () -> sender.send(message(new OutboundContent.Text("x"))));
        assertTrue(unavailable.isTransient());
        assertEquals("503", unavailable.code());

        stub.enqueue(new AcsStub.Answer(429, Map.of("Retry-After", "7"), "{}"));
        SendFailedException throttled = assertThrows(SendFailedException.class,
                () -> sender.send(message(new OutboundContent.Text("x"))));
        assertTrue(throttled.isTransient());
        assertEquals("429", throttled.code());
        assertEquals(Duration.ofSeconds(7), throttled.retryAfter().orElseThrow());
        assertEquals(2, stub.requests().size(), "the SDK itself does not retry");
    }

    @Test
    void refusalsArePermanentWithTheReason() {
        stub.enqueue(400, "{\"error\":{\"code\":\"BadRequest\",\"message\":\"Invalid recipient\"}}");
        SendFailedException refused = assertThrows(SendFailedException.class,
                () -> sender.send(message(new OutboundContent.Text("x"))));
        assertFalse(refused.isTransient());
        assertEquals("400", refused.code());
        assertTrue(refused.getMessage().contains("Invalid recipient"), refused.getMessage());
    }

    @Test
    void anUnreachableEndpointIsTransient() {
        AcsStub gone = AcsStub.start();
        String connectionString = gone.connectionString();
        gone.close();
        AcsMessageSender unreachable = new AcsMessageSender(AcsOutboundFactory.connect(connectionString,
                Duration.ofSeconds(2)));
        SendFailedException failure = assertThrows(SendFailedException.class,
                () -> unreachable.send(message(new OutboundContent.Text("x"))));
        assertTrue(failure.isTransient());
        assertEquals("CONNECTION", failure.code());
    }

    @Test
    void retryAfterAcceptsSecondsMillisecondsAndDatesCountedFromTheClock() {
        java.time.Clock clock = java.time.Clock.fixed(now, ZoneOffset.UTC);
        var headers = new com.azure.core.http.HttpHeaders();
        assertTrue(AcsMessageSender.retryAfter(headers, clock).isEmpty());
        headers.set(com.azure.core.http.HttpHeaderName.RETRY_AFTER, "12");
        assertEquals(Duration.ofSeconds(12), AcsMessageSender.retryAfter(headers, clock).orElseThrow());
        headers.set(com.azure.core.http.HttpHeaderName.fromString("retry-after-ms"), "1500");
        assertEquals(Duration.ofMillis(1500), AcsMessageSender.retryAfter(headers, clock).orElseThrow());
        var dated = new com.azure.core.http.HttpHeaders().set(com.azure.core.http.HttpHeaderName.RETRY_AFTER,
                new DateTimeRfc1123(OffsetDateTime.ofInstant(now.plusSeconds(60), ZoneOffset.UTC)).toString());
        assertEquals(Duration.ofSeconds(60), AcsMessageSender.retryAfter(dated, clock).orElseThrow());
        var past = new com.azure.core.http.HttpHeaders().set(com.azure.core.http.HttpHeaderName.RETRY_AFTER,
                new DateTimeRfc1123(OffsetDateTime.ofInstant(now.minusSeconds(5), ZoneOffset.UTC)).toString());
        assertEquals(Duration.ZERO, AcsMessageSender.retryAfter(past, clock).orElseThrow());
        assertNull(AcsMessageSender.retryAfter(new com.azure.core.http.HttpHeaders()
                .set(com.azure.core.http.HttpHeaderName.RETRY_AFTER, "soon"), clock).orElse(null));
    }
}
