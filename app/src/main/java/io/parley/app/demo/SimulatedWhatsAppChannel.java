package io.parley.app.demo;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.parley.domain.model.OutboundMessage;
import io.parley.domain.port.out.MessageSender;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Demo mode's WhatsApp: takes every message at once with a receipt, then reports Sent, Delivered and Read a moment
 * later as Event Grid would, by posting AdvancedMessageDeliveryStatusUpdated events to Parley's own /api/events. So
 * the demo runs the real pipeline, webhook included.
 */
@Singleton
@Requires(condition = DemoModeCondition.class)
class SimulatedWhatsAppChannel implements MessageSender {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedWhatsAppChannel.class);
    private static final int DELIVERY_ATTEMPTS = 5;

    private final LocalWebhook webhook;
    private final List<Duration> delays;
    private final double failureRate;
    private final String failureCode;
    private final String failureMessage;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "parley-simulated-whatsapp");
        t.setDaemon(true);
        return t;
    });

    SimulatedWhatsAppChannel(LocalWebhook webhook,
                             @Value("${parley.demo.sent-after:300ms}") Duration sentAfter,
                             @Value("${parley.demo.delivered-after:800ms}") Duration deliveredAfter,
                             @Value("${parley.demo.read-after:2s}") Duration readAfter,
                             @Value("${parley.demo.failure-rate:0}") double failureRate,
                             @Value("${parley.demo.failure-code:131026}") String failureCode,
                             @Value("${parley.demo.failure-message:Message Undeliverable.}") String failureMessage) {
        this.webhook = webhook;
        this.delays = List.of(sentAfter, deliveredAfter, readAfter);
        this.failureRate = failureRate;
        this.failureCode = failureCode;
        this.failureMessage = failureMessage;
    }

    @Override
    public String send(OutboundMessage message) {
        String receipt = UUID.randomUUID().toString();
        // a configurable share of messages fails after Sent, as WhatsApp reports undeliverable messages
        boolean fails = failureRate > 0 && ThreadLocalRandom.current().nextDouble() < failureRate;
        List<String> statuses = fails ? List.of("Sent", "Failed") : List.of("Sent", "Delivered", "Read");
        for (int i = 0; i < statuses.size(); i++) {
            String status = statuses.get(i);
            scheduler.schedule(() -> report(message, receipt, status, 1), delays.get(i).toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        LOG.info("simulated WhatsApp took reply {} to {}: \"{}\"", message.id(), message.recipientId(),
                message.text());
        return receipt;
    }

    private void report(OutboundMessage message, String receipt, String status, int attempt) {
        try {
            webhook.post(statusEvent(message, receipt, status));
        } catch (IOException | RuntimeException e) {
            retry(message, receipt, status, attempt, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void retry(OutboundMessage message, String receipt, String status, int attempt, Exception failure) {
        if (attempt >= DELIVERY_ATTEMPTS || scheduler.isShutdown()) {
            LOG.warn("simulated channel gave up reporting {} for {}: {}", status, receipt, failure.toString());
            return;
        }
        scheduler.schedule(() -> report(message, receipt, status, attempt + 1), attempt, TimeUnit.SECONDS);
    }

    private Map<String, Object> statusEvent(OutboundMessage message, String receipt, String status) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("messageId", receipt);
        data.put("status", status);
        data.put("channelType", "whatsapp");
        data.put("from", message.channelId());
        data.put("to", message.recipientId());
        data.put("receivedTimestamp", Instant.now().toString());
        if ("Failed".equals(status)) {
            data.put("error", Map.of("channelCode", failureCode, "channelMessage", failureMessage));
        }
        return LocalWebhook.event("Microsoft.Communication.AdvancedMessageDeliveryStatusUpdated",
                "advancedMessage/" + receipt + "/status/" + status, data);
    }

    @PreDestroy
    void close() {
        scheduler.shutdownNow();
    }
}
