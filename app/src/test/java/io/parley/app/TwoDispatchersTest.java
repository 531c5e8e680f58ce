package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.parley.domain.model.CircuitBreaker;
import io.parley.domain.model.Conversation;
import io.parley.domain.model.ConversationKey;
import io.parley.domain.model.DeliveryStatus;
import io.parley.domain.model.Message;
import io.parley.domain.model.OutboundContent;
import io.parley.domain.model.OutboundMessage;
import io.parley.domain.model.RetryPolicy;
import io.parley.domain.port.out.ConversationPort;
import io.parley.domain.port.out.ConversationQueries;
import io.parley.domain.port.out.DeliveryMetrics;
import io.parley.domain.port.out.FallbackTemplates;
import io.parley.domain.port.out.MessagePort;
import io.parley.domain.port.out.MessageSender;
import io.parley.domain.port.out.OutboxPort;
import io.parley.domain.port.out.StatusHistoryPort;
import io.parley.domain.port.out.StatusReportPort;
import io.parley.domain.port.out.TransactionPort;
import io.parley.adapters.acs.AcsChannelPolicy;
import io.parley.app.dispatch.SendPipeline;
import io.parley.domain.service.DispatchRepliesService;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two dispatchers (as two Parley instances would run them) draining one outbox on one database at the same time:
 * every reply is sent exactly once, and a conversation's replies go out in the order they were queued.
 */
// the test writes through the ports from its own thread: no test-managed transaction around it
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoDispatchersTest implements TestPropertyProvider {

    @Inject TransactionPort tx;
    @Inject OutboxPort outbox;
    @Inject MessagePort messages;
    @Inject ConversationPort conversations;
    @Inject ConversationQueries queries;
    @Inject StatusReportPort reports;
    @Inject StatusHistoryPort history;

    @Override
    public Map<String, String> getProperties() {
        return TestSettings.freshDataDir("parley.dispatcher.enabled", "false", "parley.demo.seed-rules", "false");
    }

    /** One instance's dispatcher: a round at a time for a parallelism of 1, else a pipeline of sender threads. */
    private record Dispatcher(DispatchRepliesService service, SendPipeline pipeline) {
        int round() {
            return pipeline == null ? service.dispatchDue() : pipeline.round();
        }

        void stop() {
            if (pipeline != null) {
                pipeline.stop(Duration.ofSeconds(10));
            }
        }
    }

    private Dispatcher dispatcher(MessageSender sender, int parallelism) {
        DispatchRepliesService service = new DispatchRepliesService(tx, outbox, messages, conversations, reports,
                history, sender, FallbackTemplates.NONE, AcsChannelPolicy.WHATSAPP,
                new DispatchRepliesService.Settings(RetryPolicy.DEFAULT, 7,
                Duration.ofMinutes(2), 10_000, new CircuitBreaker(1000, Duration.ofMillis(1), Duration.ofMillis(1))),
                Clock.systemUTC(), DispatchRepliesService.Sleeper.REAL, DeliveryMetrics.NONE);
        return new Dispatcher(service, parallelism <= 1 ? null : new SendPipeline(service, parallelism, () -> { }));
    }

    @Test
    void sendingOneAtATime() throws Exception {
        noReplyIsSentTwiceAndConversationsKeepTheirOrder(1);
    }

    @Test
    void sendingInParallelWhileClaimingAndRecordingInBatches() throws Exception {
        noReplyIsSentTwiceAndConversationsKeepTheirOrder(4);
    }

    private void noReplyIsSentTwiceAndConversationsKeepTheirOrder(int parallelism) throws Exception {
        List<Conversation> conversationList = new ArrayList<>();
        List<OutboundMessage> queued = new ArrayList<>();
        Instant start = Instant.now().minusSeconds(60);
        for (int c = 0; c < 40; c++) {
            ConversationKey key = new ConversationKey("two-dispatchers", "cust-" + UUID.randomUUID());
            Conversation conversation = tx.inTransaction(() -> {
                Conversation written = conversations.lockOrCreate(List.of(key), start).get(key)
                        .customerWrote("hello", Instant.now());
                conversations.saveAll(List.of(written));
                return written;
            });
            conversationList.add(conversation);
        }
        for (int i = 0; i < 400; i++) {
            Conversation conversation = conversationList.get(i % conversationList.size());
            OutboundMessage m = OutboundMessage.queue(UUID.randomUUID(), conversation, null, null,
                    new OutboundContent.Text("reply " + i), start.plusMillis(i));
            tx.inTransaction(() -> {
                messages.saveOutbound(m);
                return null;
            });
            queued.add(m);
        }
        List<UUID> sent = new CopyOnWriteArrayList<>();
        Map<UUID, Integer> sendsPerId = new ConcurrentHashMap<>();
        AtomicInteger receipts = new AtomicInteger();
        List<Dispatcher> dispatchers = new ArrayList<>();
        List<AtomicInteger> sendsByDispatcher = List.of(new AtomicInteger(), new AtomicInteger());
        for (AtomicInteger count : sendsByDispatcher) {
            MessageSender slowSender = message -> {
                sendsPerId.merge(message.id(), 1, Integer::sum);
                sent.add(message.id());
                count.incrementAndGet();
                try {
                    Thread.sleep(ThreadLocalRandom.current().nextInt(0, 3));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return "receipt-" + receipts.incrementAndGet() + "-" + UUID.randomUUID();
            };
            dispatchers.add(dispatcher(slowSender, parallelism));
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<?>> runs = new ArrayList<>();
        for (Dispatcher d : dispatchers) {
            runs.add(pool.submit(() -> {
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                long idleSince = System.nanoTime();
                while (System.nanoTime() - idleSince < Duration.ofMillis(500).toNanos()
                        && System.nanoTime() < deadline) {
                    if (d.round() > 0) {
                        idleSince = System.nanoTime();
                    }
                }
                d.stop();
                return null;
            }));
        }
        for (Future<?> run : runs) {
            run.get();
        }
        pool.shutdown();

        assertTrue(sendsByDispatcher.get(0).get() > 0 && sendsByDispatcher.get(1).get() > 0,
                "both dispatchers took part: " + sendsByDispatcher);
        assertEquals(400, sendsPerId.size());
        assertTrue(sendsPerId.values().stream().allMatch(n -> n == 1), "a reply was sent twice: " + sendsPerId);
        for (Conversation conversation : conversationList) {
            List<UUID> inQueueOrder = queued.stream().filter(m -> m.conversationId().equals(conversation.id()))
                    .map(OutboundMessage::id).toList();
            List<UUID> inSendOrder = sent.stream().filter(inQueueOrder::contains).toList();
            assertEquals(inQueueOrder, inSendOrder, "conversation " + conversation.id() + " kept its order");
            for (Message m : queries.messages(conversation.id())) {
                assertEquals(DeliveryStatus.ACCEPTED, ((OutboundMessage) m).status());
            }
        }
    }
}
