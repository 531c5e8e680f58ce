package io.parley.app.demo;

import io.micronaut.context.annotation.Requires;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import io.parley.domain.model.OutboundMessage;
import io.parley.domain.port.out.ConversationQueries;
import io.parley.domain.port.out.MessageSender;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
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
 *
 * <p>It behaves like ACS where Parley's guarantees depend on it: a repeated send of one message (the same
 * repeatability id, its message id) gets the receipt of the first and is not delivered twice; and since ACS keeps
 * reporting statuses while Parley is down, the statuses still owed for replies it took before a restart (a
 * {@code kill -9} included) are reported once the server is up again.
 */
@Singleton
@Requires(condition = DemoModeCondition.class)
class SimulatedWhatsAppChannel implements MessageSender {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedWhatsAppChannel.class);
    private static final int DELIVERY_ATTEMPTS = 5;
    /** The most events the channel puts in one delivery (Event Grid's own limit is 5,000 or 1 MB). */
    static final int EVENTS_PER_DELIVERY = 200;

    private final LocalWebhook webhook;
    private final List<Duration> delays;
    private final double failureRate;
    private final String failureCode;
    private final String failureMessage;
    /** Statuses are resumed for replies taken at most this long ago. */
    static final Duration RESUME_WITHIN = Duration.ofHours(1);
    private static final int RESUME_AT_MOST = 10_000;
    /** Messages already taken, so that a repeat is not delivered twice; the most recent 100,000 are remembered. */
    private final Map<UUID, Boolean> taken = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Boolean> eldest) {
            return size() > 100_000;
        }
    };
    private final ConversationQueries queries;
    private final Clock clock;
    private final java.util.Deque<Owed> pending = new java.util.concurrent.ConcurrentLinkedDeque<>();
    private final java.util.concurrent.atomic.AtomicBoolean flushing = new java.util.concurrent.atomic.AtomicBoolean();
    /** Posts the deliveries, one at a time, so that the timers above never wait for the webhook. */
    private final java.util.concurrent.ExecutorService poster = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "parley-simulated-whatsapp-post");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "parley-simulated-whatsapp");
        t.setDaemon(true);
        return t;
    });

    SimulatedWhatsAppChannel(LocalWebhook webhook, ConversationQueries queries, DemoSettings settings, Clock clock) {
        this.clock = clock;
        this.webhook = webhook;
        this.queries = queries;
        this.delays = List.of(settings.sentAfter(), settings.deliveredAfter(), settings.readAfter());
        this.failureRate = settings.failureRate();
        this.failureCode = settings.failureCode();
        this.failureMessage = settings.failureMessage();
    }

    @Override
    public String send(OutboundMessage message) {
        String receipt = receiptOf(message.id());
        synchronized (taken) {
            if (taken.put(message.id(), Boolean.TRUE) != null) {
                LOG.info("simulated WhatsApp recognised a repeat of reply {}: same receipt, not delivered again",
                        message.id());
                return receipt;
            }
        }
        // a configurable share of messages fails after Sent, as WhatsApp reports undeliverable messages
        boolean fails = failureRate > 0 && ThreadLocalRandom.current().nextDouble() < failureRate;
        schedule(message, receipt, fails ? List.of("Sent", "Failed") : List.of("Sent", "Delivered", "Read"), 0);
        LOG.info("simulated WhatsApp took reply {} to {}: \"{}\"", message.id(), message.recipientId(),
                message.text());
        return receipt;
    }

    /** The receipt of a message: the same for every repeat of it, as ACS answers a repeated request. */
    static String receiptOf(UUID messageId) {
        return UUID.nameUUIDFromBytes(("parley-simulated-whatsapp:" + messageId)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    }

    /** {@code statuses} in order, the first of them reported after the delay of step {@code firstStep}. */
    private void schedule(OutboundMessage message, String receipt, List<String> statuses, int firstStep) {
        for (int i = 0; i < statuses.size(); i++) {
            String status = statuses.get(i);
            scheduler.schedule(() -> report(message, receipt, status), delays.get(firstStep + i).toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /** Once the server takes requests: the statuses still owed for replies taken before this start. */
    @EventListener
    void resume(ServerStartupEvent started) {
        List<OutboundMessage> owed = queries.awaitingDelivery(clock.instant().minus(RESUME_WITHIN), RESUME_AT_MOST);
        for (OutboundMessage message : owed) {
            if (message.acsMessageId() == null || !message.acsMessageId().equals(receiptOf(message.id()))) {
                continue; // not taken by this channel
            }
            synchronized (taken) {
                taken.put(message.id(), Boolean.TRUE);
            }
            switch (message.status()) {
                case ACCEPTED -> schedule(message, message.acsMessageId(), List.of("Sent", "Delivered", "Read"), 0);
                case SENT -> schedule(message, message.acsMessageId(), List.of("Delivered", "Read"), 1);
                case DELIVERED -> schedule(message, message.acsMessageId(), List.of("Read"), 2);
                default -> { }
            }
        }
        if (!owed.isEmpty()) {
            LOG.info("simulated WhatsApp resumes the statuses of {} replies taken before this start", owed.size());
        }
    }

    /** A status due to be reported, and how many times posting it was tried. */
    private record Owed(Map<String, Object> event, int attempt) {
    }

    private void report(OutboundMessage message, String receipt, String status) {
        owed(new Owed(statusEvent(message, receipt, status), 1));
    }

    /**
     * Queues a status for the next delivery. Like Event Grid, the channel puts every event due by the time it posts
     * into one delivery (at most {@link #EVENTS_PER_DELIVERY}): while one is in flight the next fills, so the three
     * statuses of each reply cost Parley one webhook transaction per delivery, not one each.
     */
    private void owed(Owed status) {
        pending.add(status);
        if (flushing.compareAndSet(false, true)) {
            try {
                poster.execute(this::flush);
            } catch (java.util.concurrent.RejectedExecutionException stopped) {
                flushing.set(false); // shutting down: what is owed is resumed at the next start
            }
        }
    }

    private void flush() {
        List<Owed> delivery = new ArrayList<>();
        while (true) {
            delivery.clear();
            for (Owed next = pending.pollFirst(); next != null; next = pending.pollFirst()) {
                delivery.add(next);
                if (delivery.size() == EVENTS_PER_DELIVERY) {
                    break;
                }
            }
            if (delivery.isEmpty()) {
                flushing.set(false);
                if (pending.isEmpty() || !flushing.compareAndSet(false, true)) {
                    return; // nothing came in meanwhile, or another flush was started for it
                }
                continue;
            }
            Exception failure = post(delivery);
            if (failure != null && pauseAfter(List.copyOf(delivery), failure)) {
                return; // flushing stays set: the statuses queue behind the failed ones until the pause ends
            }
        }
    }

    /** Null when the webhook took the delivery; what went wrong otherwise. */
    private Exception post(List<Owed> delivery) {
        try {
            webhook.postAll(delivery.stream().map(Owed::event).toList());
            return null;
        } catch (IOException | RuntimeException e) {
            return e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        }
    }

    /**
     * As Event Grid retries an endpoint that failed: the delivery goes back to the front, in order, and nothing is
     * posted for {@code attempt} seconds, so that a reply's statuses still arrive in order. False when the
     * delivery was given up (after {@link #DELIVERY_ATTEMPTS}) and posting goes on with the next.
     */
    private boolean pauseAfter(List<Owed> delivery, Exception failure) {
        int attempt = delivery.stream().mapToInt(Owed::attempt).max().orElse(1);
        if (attempt >= DELIVERY_ATTEMPTS || scheduler.isShutdown()) {
            LOG.warn("simulated channel gave up reporting {} status(es): {}", delivery.size(), failure.toString());
            return false;
        }
        for (int i = delivery.size() - 1; i >= 0; i--) {
            pending.addFirst(new Owed(delivery.get(i).event(), attempt + 1));
        }
        try {
            scheduler.schedule(() -> poster.execute(this::flush), attempt, TimeUnit.SECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            // shutting down: what is owed is resumed at the next start
        }
        return true;
    }

    private Map<String, Object> statusEvent(OutboundMessage message, String receipt, String status) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("messageId", receipt);
        data.put("status", status);
        data.put("channelType", "whatsapp");
        data.put("from", message.channelId());
        data.put("to", message.recipientId());
        data.put("receivedTimestamp", clock.instant().toString());
        if ("Failed".equals(status)) {
            data.put("error", Map.of("channelCode", failureCode, "channelMessage", failureMessage));
        }
        return webhook.event("Microsoft.Communication.AdvancedMessageDeliveryStatusUpdated",
                "advancedMessage/" + receipt + "/status/" + status, data);
    }

    @PreDestroy
    void close() {
        scheduler.shutdownNow();
        poster.shutdownNow();
    }
}
