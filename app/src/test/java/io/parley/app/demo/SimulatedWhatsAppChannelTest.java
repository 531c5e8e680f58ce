package io.parley.app.demo;

import static io.parley.app.ParleyClient.await;
import static io.parley.app.ParleyClient.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.parley.app.ParleyClient;
import io.parley.domain.model.Conversation;
import io.parley.domain.model.OutboundContent;
import io.parley.domain.model.OutboundMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Demo mode's WhatsApp behaves like ACS where Parley relies on it: repeats, and statuses across a restart. */
class SimulatedWhatsAppChannelTest {

    private static Map<String, Object> settings(Path dataDir, String statusesAfter) {
        return new HashMap<>(Map.of("parley.data-dir", dataDir.toString(), "micronaut.server.port", -1,
                "parley.demo.sent-after", statusesAfter, "parley.demo.delivered-after", statusesAfter,
                "parley.demo.read-after", statusesAfter));
    }

    private static ParleyClient client(EmbeddedServer server) {
        return new ParleyClient(server.getURL().toString(), server.getApplicationContext().getBean(JsonMapper.class),
                "admin", "admin");
    }

    @Test
    void statusesOwedBeforeARestartAreReportedAfterIt() throws Exception {
        Path dataDir = Files.createTempDirectory("parley-simulated");
        // the first run takes the reply but stops before any status is due (as a kill -9 would)
        try (EmbeddedServer first = ApplicationContext.run(EmbeddedServer.class, settings(dataDir, "1h"))) {
            ParleyClient parley = client(first);
            assertEquals(200, parley.postEvents("", event("received-text.json")).statusCode());
            await(Duration.ofSeconds(10), "the reply to be accepted", () -> {
                List<Map<String, Object>> messages = parley.messagesOf("{sender@id}");
                return messages.size() == 2 && "ACCEPTED".equals(messages.get(1).get("status"));
            });
        }
        try (EmbeddedServer second = ApplicationContext.run(EmbeddedServer.class, settings(dataDir, "20ms"))) {
            ParleyClient parley = client(second);
            await(Duration.ofSeconds(10), "the reply to reach READ after the restart", () -> "READ".equals(
                    parley.messagesOf("{sender@id}").get(1).get("status")));
        }
    }

    @Test
    void aRepeatedSendGetsTheSameReceiptAndIsDeliveredOnce() throws Exception {
        Path dataDir = Files.createTempDirectory("parley-simulated");
        Map<String, Object> properties = settings(dataDir, "20ms");
        properties.put("parley.dispatcher.enabled", "false");
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, properties)) {
            SimulatedWhatsAppChannel channel = server.getApplicationContext().getBean(SimulatedWhatsAppChannel.class);
            Conversation conversation = new Conversation(UUID.randomUUID(), "channel-x", "15550001111",
                    Instant.now(), Instant.now(), Instant.now());
            OutboundMessage reply = OutboundMessage.queue(UUID.randomUUID(), conversation, null, null,
                    new OutboundContent.Text("once"), Instant.now());
            String receipt = channel.send(reply);
            assertEquals(receipt, channel.send(reply), "a repeat is answered with the first receipt");
            // a later message's statuses are due after any the repeat could have caused (one scheduler, same delays)
            String later = channel.send(OutboundMessage.queue(UUID.randomUUID(), conversation, null, null,
                    new OutboundContent.Text("later"), Instant.now()));
            ParleyClient parley = client(server);
            // the receipts are unknown to Parley (nothing recorded them), so their statuses are kept as reports
            await(Duration.ofSeconds(10), "the later message's statuses", () -> parley.list("/api/status-reports")
                    .stream().filter(r -> later.equals(r.get("acsMessageId"))).count() == 3);
            assertEquals(3, parley.list("/api/status-reports").stream()
                    .filter(r -> receipt.equals(r.get("acsMessageId"))).count(), "Sent, Delivered, Read: once");
        }
    }

    /** A webhook that records each delivery; the first one waits until {@code release} opens and may fail. */
    private static final class RecordingWebhook extends LocalWebhook {

        final List<List<Map<String, Object>>> deliveries = java.util.Collections.synchronizedList(new ArrayList<>());
        final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.atomic.AtomicInteger failuresLeft = new java.util.concurrent.atomic.AtomicInteger();

        RecordingWebhook() {
            super(null, null, "", java.time.Clock.systemUTC());
        }

        @Override
        void postAll(List<Map<String, Object>> events) throws java.io.IOException, InterruptedException {
            release.await();
            if (failuresLeft.getAndDecrement() > 0) {
                throw new java.io.IOException("webhook answered 503");
            }
            deliveries.add(List.copyOf(events));
        }

        List<String> statusesOf(String receipt) {
            synchronized (deliveries) {
                return deliveries.stream().flatMap(List::stream)
                        .map(e -> (Map<?, ?>) e.get("data"))
                        .filter(data -> receipt.equals(data.get("messageId")))
                        .map(data -> (String) data.get("status")).toList();
            }
        }

        int events() {
            synchronized (deliveries) {
                return deliveries.stream().mapToInt(List::size).sum();
            }
        }
    }

    private static SimulatedWhatsAppChannel channel(RecordingWebhook webhook) {
        return new SimulatedWhatsAppChannel(webhook, null, new DemoSettings("channel-x", false, Duration.ofMillis(5),
                Duration.ofMillis(5), Duration.ofMillis(5), 0, "", "", false, Duration.ZERO),
                java.time.Clock.systemUTC());
    }

    private static List<String> sendReplies(SimulatedWhatsAppChannel channel, int count) {
        Conversation conversation = new Conversation(UUID.randomUUID(), "channel-x", "15550001111", Instant.now(),
                Instant.now(), Instant.now());
        List<String> receipts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            receipts.add(channel.send(OutboundMessage.queue(UUID.randomUUID(), conversation, null, null,
                    new OutboundContent.Text("reply " + i), Instant.now())));
        }
        return receipts;
    }

    @Test
    void statusesDueWhileADeliveryIsInFlightGoTogetherInTheNextInOrderPerReply() throws Exception {
        RecordingWebhook webhook = new RecordingWebhook();
        SimulatedWhatsAppChannel channel = channel(webhook);
        try {
            List<String> receipts = sendReplies(channel, 60);
            Thread.sleep(200); // every status is due; the first delivery is held at the webhook
            webhook.release.countDown();
            await(Duration.ofSeconds(10), "180 statuses", () -> webhook.events() == 180);
            assertTrue(webhook.deliveries.size() <= 3, "held statuses are posted together, not one by one: "
                    + webhook.deliveries.size() + " deliveries");
            assertTrue(webhook.deliveries.stream().allMatch(d -> d.size() <= SimulatedWhatsAppChannel
                    .EVENTS_PER_DELIVERY));
            for (String receipt : receipts) {
                assertEquals(List.of("Sent", "Delivered", "Read"), webhook.statusesOf(receipt));
            }
        } finally {
            channel.close();
        }
    }

    @Test
    void aDeliveryTheWebhookRefusesIsPostedAgainWholeOnce() throws Exception {
        RecordingWebhook webhook = new RecordingWebhook();
        webhook.failuresLeft.set(1);
        SimulatedWhatsAppChannel channel = channel(webhook);
        try {
            List<String> receipts = sendReplies(channel, 5);
            Thread.sleep(100);
            webhook.release.countDown();
            await(Duration.ofSeconds(10), "15 statuses after the retry", () -> webhook.events() == 15);
            Thread.sleep(300);
            assertEquals(15, webhook.events(), "nothing reported twice");
            for (String receipt : receipts) {
                assertEquals(List.of("Sent", "Delivered", "Read"), webhook.statusesOf(receipt));
            }
        } finally {
            channel.close();
        }
    }
}
