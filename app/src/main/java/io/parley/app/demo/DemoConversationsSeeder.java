package io.parley.app.demo;

import io.micronaut.context.annotation.Requires;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import io.parley.domain.port.out.SettingsPort;
import io.parley.domain.port.out.TransactionPort;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A new demo starts with customers who already wrote: a few conversations played through the real webhook once the
 * server listens (greetings, questions the rules answer, the same question nobody answers asked twice in other
 * words, an order looked up in a flow, someone waiting for a person, an opt-out), so that the inbox and the Insights
 * page have something to show at once. Once per database; {@code parley.demo.seed-conversations=false} leaves it out.
 */
@jakarta.inject.Singleton
@Requires(condition = DemoModeCondition.class)
@Requires(property = "parley.demo.seed-rules", notEquals = "false")
@Requires(property = "parley.demo.seed-conversations", notEquals = "false")
class DemoConversationsSeeder {

    static final String SEEDED = "demo.conversations-seeded";
    private static final Logger LOG = LoggerFactory.getLogger(DemoConversationsSeeder.class);

    /** Who writes what, in order; a customer's messages a moment apart, so that each is answered in turn. */
    static final List<Map.Entry<String, String>> SCRIPT = List.of(
            Map.entry("4915100000001", "hello"),
            Map.entry("4915100000002", "Do you deliver on Sundays?"),
            Map.entry("4915100000001", "What are your opening hours?"),
            Map.entry("4915100000003", "do you deliver on sundays"),
            Map.entry("4915100000004", "where is my order"),
            Map.entry("4915100000005", "agent"),
            Map.entry("4915100000006", "Can I pay with PayPal?"),
            Map.entry("4915100000004", "12345"),
            Map.entry("4915100000005", "Hello? Is anyone there?"),
            Map.entry("4915100000007", "price"),
            Map.entry("4915100000008", "STOP"),
            Map.entry("4915100000002", "DO YOU DELIVER ON SUNDAYS??"));

    private final LocalWebhook webhook;
    private final SettingsPort settings;
    private final TransactionPort transactions;
    private final SimulatedAnalyst analyst;
    private final String channelId;
    private final Clock clock;
    private volatile Thread player;

    DemoConversationsSeeder(LocalWebhook webhook, SettingsPort settings, TransactionPort transactions,
                            SimulatedAnalyst analyst, DemoSettings demo, Clock clock) {
        this.webhook = webhook;
        this.settings = settings;
        this.transactions = transactions;
        this.analyst = analyst;
        this.channelId = demo.channelId();
        this.clock = clock;
    }

    @EventListener
    void play(ServerStartupEvent event) {
        boolean first = transactions.inTransaction(() -> settings.putIfAbsent(SEEDED, "true"));
        if (!first) {
            return;
        }
        Thread thread = new Thread(this::playScript, "parley-demo-customers");
        thread.setDaemon(true);
        player = thread;
        thread.start();
    }

    private void playScript() {
        try {
            for (Map.Entry<String, String> line : SCRIPT) {
                Thread.sleep(400);
                Instant now = clock.instant();
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("channelType", "whatsapp");
                data.put("from", line.getKey());
                data.put("to", channelId);
                data.put("receivedTimestamp", now.toString());
                data.put("messageId", UUID.randomUUID().toString());
                data.put("messageType", "text");
                data.put("content", line.getValue());
                webhook.post(webhook.event("Microsoft.Communication.AdvancedMessageReceived",
                        "advancedMessage/sender/" + line.getKey() + "/recipient/" + channelId, data));
                analyst.analyseLater(line.getKey(), channelId, line.getValue(), now);
            }
            LOG.info("demo mode: {} messages from demo customers played through the webhook (see the Inbox)",
                    SCRIPT.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("demo mode: the demo customers' messages could not all be posted: {}", e.toString());
        }
    }

    @PreDestroy
    void stop() {
        Thread running = player;
        if (running != null) {
            running.interrupt();
        }
    }
}
