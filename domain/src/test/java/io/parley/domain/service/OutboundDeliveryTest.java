package io.parley.domain.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.domain.fakes.ChannelPolicies;
import io.parley.domain.fakes.InMemoryStoreFake;
import io.parley.domain.fakes.JdkTextPatternsFake;
import io.parley.domain.fakes.MessageSenderFake;
import io.parley.domain.fakes.MutableClock;
import io.parley.domain.model.CircuitBreaker;
import io.parley.domain.model.Conversation;
import io.parley.domain.model.DeliveryStatus;
import io.parley.domain.model.MessageOrigin;
import io.parley.domain.model.OutboundContent;
import io.parley.domain.model.OutboundMessage;
import io.parley.domain.model.RetryPolicy;
import io.parley.domain.model.StatusChange;
import io.parley.domain.port.in.RecordDeliveryStatusCommand;
import io.parley.domain.port.in.SendAgentMessageCommand;
import io.parley.domain.port.in.SendAgentMessageUseCase;
import io.parley.domain.port.out.MessageSender;
import io.parley.domain.port.out.SendFailedException;
import io.parley.domain.port.out.TransactionConflictException;
import io.parley.domain.port.out.TransactionPort;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The outbox's guarantees over in-memory fakes: order, windows, pacing, retries, follow-ups, history. */
class OutboundDeliveryTest {

    private static final String CHANNEL = "channel-1";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
    private final InMemoryStoreFake store = new InMemoryStoreFake();
    private final MessageSenderFake sender = new MessageSenderFake();
    private final Map<String, OutboundContent.Template> fallbacks = new HashMap<>();
    private final List<Duration> slept = new ArrayList<>();
    private final DispatchRepliesService dispatcher = new DispatchRepliesService(store, store, store, store, store,
            store, sender, channel -> Optional.ofNullable(fallbacks.get(channel)), ChannelPolicies.WHATSAPP,
            new DispatchRepliesService.Settings(RetryPolicy.DEFAULT, 1000, Duration.ofMinutes(2), 80,
                    new CircuitBreaker(3, Duration.ofSeconds(1), Duration.ofSeconds(60))),
            clock, d -> {
                slept.add(d);
                clock.advance(d);
            });
    private final RecordDeliveryStatusService statuses = new RecordDeliveryStatusService(store, store,
            store, channel -> Optional.ofNullable(fallbacks.get(channel)), ChannelPolicies.WHATSAPP, () -> { });
    /** Status events come in the one way events come in. */
    private final IngestEventsService ingest = new IngestEventsService(store, store, new ReceiveMessageService(store, store, store, store, store, new ReplyRuleCatalog(store, new JdkTextPatternsFake()), () -> { },
            () -> { }, clock, ChannelPolicies.WHATSAPP), statuses, new RecordAnalysisService(store, store, clock), clock);
    private final SendAgentMessageService agent = new SendAgentMessageService(store, store, store, store, () -> { },
            clock);

    /** A conversation whose customer wrote {@code ago} before now. */
    private Conversation conversation(String customer, Duration ago) {
        Conversation c = store.findOrCreate(CHANNEL, customer, clock.instant().minus(ago));
        store.touchInbound(c, clock.instant().minus(ago));
        return store.get(c.id()).orElseThrow();
    }

    private OutboundMessage queue(Conversation c, OutboundContent content) {
        OutboundMessage m = OutboundMessage.queue(UUID.randomUUID(), c, null, null, content, clock.instant());
        store.saveOutbound(m);
        clock.advance(Duration.ofMillis(1));
        return m;
    }

    private OutboundMessage stored(OutboundMessage m) {
        return store.outbound.get(m.id());
    }

    @Test
    void theWholeDispatcherPausesWhileTheChannelIsDown() {
        for (int i = 0; i < 5; i++) {
            queue(conversation("c" + i, Duration.ZERO), new OutboundContent.Text("hi " + i));
            sender.failNext(SendFailedException.transientFailure("503", "down", null));
        }
        dispatcher.dispatchDue();
        assertEquals(3, sender.sent.size(), "three failures in a row open the breaker: the rest wait");
        assertTrue(dispatcher.pausedUntil().isAfter(clock.instant()));
        assertEquals(0, dispatcher.dispatchDue(), "no claims while paused");
        clock.advance(Duration.ofSeconds(10));
        dispatcher.dispatchDue();
        assertTrue(sender.sent.size() > 3, "claiming resumes after the pause");
    }

    @Test
    void sendsOnOneChannelAreSpacedToTheRateLimit() {
        for (int i = 0; i < 160; i++) {
            queue(conversation("r" + i, Duration.ZERO), new OutboundContent.Text("hi"));
        }
        Instant start = clock.instant();
        dispatcher.dispatchDue();
        assertEquals(160, sender.sent.size());
        Duration took = Duration.between(start, clock.instant());
        assertTrue(took.toMillis() >= 1980 && took.toMillis() < 2200, "160 sends at 80/s took " + took);
    }

    @Test
    void freeFormOutsideTheWindowFailsWithAReasonOrBecomesTheFallbackTemplate() {
        OutboundMessage late = queue(conversation("late", Duration.ofHours(25)), new OutboundContent.Text("hi"));
        dispatcher.dispatchDue();
        assertEquals(DeliveryStatus.FAILED, stored(late).status());
        assertEquals("OUTSIDE_CUSTOMER_SERVICE_WINDOW", stored(late).errorCode());
        assertTrue(sender.sent.isEmpty());

        fallbacks.put(CHANNEL, new OutboundContent.Template("we_are_back", "en", List.of()));
        OutboundMessage later = queue(conversation("later", Duration.ofHours(30)), new OutboundContent.Text("hi"));
        dispatcher.dispatchDue();
        assertEquals(DeliveryStatus.ACCEPTED, stored(later).status());
        assertEquals(MessageOrigin.FALLBACK_TEMPLATE, stored(later).origin());
        assertEquals(new OutboundContent.Template("we_are_back", "en", List.of()), sender.sent.get(0).content());

        OutboundMessage template = queue(conversation("t", Duration.ofDays(9)),
                new OutboundContent.Template("order_update", "en", List.of("1")));
        dispatcher.dispatchDue();
        assertEquals(DeliveryStatus.ACCEPTED, stored(template).status(), "templates need no window");
    }

    @Test
    void anInteractiveMessageOutsideTheWindowBecomesTheFallbackTemplateLikeText() {
        OutboundContent.Interactive menu = new OutboundContent.Interactive(null, "Pick one", null,
                new OutboundContent.Interactive.Buttons(List.of(new io.parley.domain.model.InteractiveOption("a",
                        "A"))));
        OutboundMessage late = queue(conversation("late-menu", Duration.ofHours(25)), menu);
        dispatcher.dispatchDue();
        assertEquals("OUTSIDE_CUSTOMER_SERVICE_WINDOW", stored(late).errorCode());
        assertTrue(sender.sent.isEmpty());

        fallbacks.put(CHANNEL, new OutboundContent.Template("we_are_back", "en", List.of()));
        OutboundMessage later = queue(conversation("later-menu", Duration.ofHours(30)), menu);
        dispatcher.dispatchDue();
        assertEquals(MessageOrigin.FALLBACK_TEMPLATE, stored(later).origin());
        assertEquals(new OutboundContent.Template("we_are_back", "en", List.of()), sender.sent.get(0).content());

        OutboundMessage inTime = queue(conversation("menu-in-time", Duration.ofHours(1)), menu);
        dispatcher.dispatchDue();
        assertEquals(DeliveryStatus.ACCEPTED, stored(inTime).status());
        assertEquals(menu, sender.sent.get(1).content(), "inside the window it goes out as it is");
    }

    @Test
    void anUncertainAttemptIsRepeatedOnlyInsideTheRepeatabilityWindow() {
        OutboundMessage m = queue(conversation("u", Duration.ZERO), new OutboundContent.Text("hi"));
        sender.failNext(SendFailedException.outcomeUnknown("NO_ANSWER", "timed out", null));
        dispatcher.dispatchDue();
        clock.advance(Duration.ofSeconds(3));
        sender.failNext(SendFailedException.transientFailure("503", "busy", null));
        dispatcher.dispatchDue();
        assertEquals(sender.sent.get(0).windowStartedAt(), sender.sent.get(1).windowStartedAt(),
                "a repeat inside the window is the same request");
        clock.advance(Duration.ofMinutes(5));
        dispatcher.dispatchDue();
        assertEquals(2, sender.sent.size(), "past the window an uncertain message is not sent again");
        assertEquals(DeliveryStatus.FAILED, stored(m).status());
        assertEquals("OUTCOME_UNKNOWN", stored(m).errorCode());
    }

    @Test
    void certainFailuresPastTheWindowStartANewWindow() {
        OutboundMessage m = queue(conversation("n", Duration.ZERO), new OutboundContent.Text("hi"));
        sender.failNext(SendFailedException.transientFailure("503", "busy", null));
        dispatcher.dispatchDue();
        clock.advance(Duration.ofMinutes(6));
        dispatcher.dispatchDue();
        assertEquals(DeliveryStatus.ACCEPTED, stored(m).status());
        assertEquals(sender.sent.get(0).id(), sender.sent.get(1).id());
        assertNotEquals(sender.sent.get(0).windowStartedAt(), sender.sent.get(1).windowStartedAt());
        assertEquals(sender.sent.get(0).firstAttemptAt(), stored(m).firstAttemptAt(), "the first attempt is kept");
    }

    private void report(String eventId, OutboundMessage m, DeliveryStatus status, String code) {
        ingest.ingest(List.of(new RecordDeliveryStatusCommand(eventId, stored(m).acsMessageId(), status, code,
                code == null ? null : "error " + code, clock.instant())));
    }

    @Test
    void thePairRateLimitQueuesTheReplyAgainWithGrowingBackoff() {
        OutboundMessage m = queue(conversation("p", Duration.ZERO), new OutboundContent.Text("hi"));
        dispatcher.dispatchDue();
        report("f1", m, DeliveryStatus.FAILED, "131056");
        OutboundMessage retry = store.outbound.values().stream().filter(o -> m.id().equals(o.replaces()))
                .findFirst().orElseThrow();
        assertEquals(MessageOrigin.RETRY, retry.origin());
        assertEquals(DeliveryStatus.QUEUED, retry.status());
        assertEquals(0, dispatcher.dispatchDue(), "not before the backoff");
        clock.advance(Duration.ofSeconds(31));
        dispatcher.dispatchDue();
        assertEquals(DeliveryStatus.ACCEPTED, stored(retry).status());
        report("f2", retry, DeliveryStatus.FAILED, "131056");
        OutboundMessage second = store.outbound.values().stream().filter(o -> retry.id().equals(o.replaces()))
                .findFirst().orElseThrow();
        assertEquals(clock.instant().plusSeconds(60), second.nextAttemptAt(), "the backoff doubles");
    }

    @Test
    void aClosedWindowReportedByWhatsAppQueuesTheFallbackTemplate() {
        fallbacks.put(CHANNEL, new OutboundContent.Template("we_are_back", "en", List.of()));
        OutboundMessage m = queue(conversation("w", Duration.ZERO), new OutboundContent.Text("hi"));
        dispatcher.dispatchDue();
        report("f1", m, DeliveryStatus.FAILED, "131047");
        OutboundMessage template = store.outbound.values().stream().filter(o -> m.id().equals(o.replaces()))
                .findFirst().orElseThrow();
        assertEquals(MessageOrigin.FALLBACK_TEMPLATE, template.origin());
        dispatcher.dispatchDue();
        assertEquals(DeliveryStatus.ACCEPTED, stored(template).status());
    }

    @Test
    void everyStepIsInTheHistory() {
        OutboundMessage m = queue(conversation("h", Duration.ZERO), new OutboundContent.Text("hi"));
        sender.failNext(SendFailedException.transientFailure("503", "busy", null));
        dispatcher.dispatchDue();
        clock.advance(Duration.ofSeconds(5));
        dispatcher.dispatchDue();
        report("s1", m, DeliveryStatus.READ, null);
        report("s2", m, DeliveryStatus.DELIVERED, null);
        List<StatusChange> history = store.history(m.id());
        assertEquals(List.of(DeliveryStatus.QUEUED, DeliveryStatus.ACCEPTED, DeliveryStatus.READ,
                DeliveryStatus.DELIVERED), history.stream().map(StatusChange::status).toList());
        assertEquals(List.of(false, true, true, false), history.stream().map(StatusChange::applied).toList());
        assertEquals("503", history.get(0).errorCode());
    }

    @Test
    void agentMessagesRespectTheWindow() {
        Conversation open = conversation("agent-open", Duration.ofHours(1));
        OutboundMessage sent = agent.send(new SendAgentMessageCommand(open.id(), new OutboundContent.Text("Hello"),
                null));
        assertEquals(MessageOrigin.AGENT, sent.origin());
        assertEquals(DeliveryStatus.QUEUED, stored(sent).status());

        Conversation closed = conversation("agent-closed", Duration.ofHours(48));
        assertThrows(SendAgentMessageUseCase.WindowClosedException.class, () -> agent.send(
                new SendAgentMessageCommand(closed.id(), new OutboundContent.Text("Hello"), null)));
        OutboundMessage template = agent.send(new SendAgentMessageCommand(closed.id(),
                new OutboundContent.Text("Hello"), new OutboundContent.Template("we_are_back", "en", List.of())));
        assertTrue(template.content() instanceof OutboundContent.Template);
        assertThrows(SendAgentMessageUseCase.UnknownConversationException.class, () -> agent.send(
                new SendAgentMessageCommand(UUID.randomUUID(), new OutboundContent.Text("x"), null)));
    }

    /**
     * A thousand replies; their Sent, Delivered, Read (or Failed) events shuffled, a fifth of them delivered twice,
     * some before the receipt is known. Every reply must end where WhatsApp says it ended.
     */
    @Test
    void shuffledDuplicatedAndEarlyStatusesEndRightForAThousandReplies() {
        Random random = new Random(5);
        List<OutboundMessage> replies = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            replies.add(queue(conversation("x" + i, Duration.ZERO), new OutboundContent.Text("hi " + i)));
        }
        dispatcher.dispatchDue();
        record Event(String id, String receipt, DeliveryStatus status, String code) {
        }
        List<Event> events = new ArrayList<>();
        Map<UUID, DeliveryStatus> expected = new HashMap<>();
        for (OutboundMessage reply : replies) {
            String receipt = stored(reply).acsMessageId();
            boolean fails = random.nextInt(10) == 0;
            List<DeliveryStatus> seq = fails ? List.of(DeliveryStatus.SENT, DeliveryStatus.FAILED)
                    : List.of(DeliveryStatus.SENT, DeliveryStatus.DELIVERED, DeliveryStatus.READ);
            expected.put(reply.id(), fails ? DeliveryStatus.FAILED : DeliveryStatus.READ);
            for (DeliveryStatus status : seq) {
                Event e = new Event(UUID.randomUUID().toString(), receipt, status, fails ? "131026" : null);
                events.add(e);
                if (random.nextInt(5) == 0) {
                    events.add(e);
                }
            }
        }
        Collections.shuffle(events, random);
        // receipts are forgotten for a while: those events come "before" their receipt and must be kept
        Map<UUID, String> hidden = new HashMap<>();
        for (OutboundMessage reply : replies.subList(0, 100)) {
            OutboundMessage s = stored(reply);
            hidden.put(s.id(), s.acsMessageId());
            store.outbound.put(s.id(), new OutboundMessage(s.id(), s.conversationId(), s.channelId(),
                    s.recipientId(), s.inReplyTo(), s.ruleId(), s.origin(), s.replaces(), s.content(), s.status(),
                    "not-yet-" + s.id(), s.errorCode(), s.errorMessage(), s.delivery(), s.createdAt(),
                    s.statusUpdatedAt(), null));
        }
        for (Event e : events) {
            ingest.ingest(List.of(new RecordDeliveryStatusCommand(e.id(), e.receipt(), e.status(), e.code(),
                    e.code() == null ? null : "Message Undeliverable.", clock.instant())));
        }
        hidden.forEach((id, receipt) -> {
            OutboundMessage s = store.outbound.get(id);
            store.outbound.put(id, new OutboundMessage(s.id(), s.conversationId(), s.channelId(), s.recipientId(),
                    s.inReplyTo(), s.ruleId(), s.origin(), s.replaces(), s.content(), s.status(), receipt,
                    s.errorCode(), s.errorMessage(), s.delivery(), s.createdAt(), s.statusUpdatedAt(), null));
        });
        while (dispatcher.reconcileKeptStatuses() > 0) {
            // apply what was kept
        }
        for (OutboundMessage reply : replies) {
            assertEquals(expected.get(reply.id()), stored(reply).status(), "reply " + reply.id());
        }
        assertTrue(store.kept.isEmpty());
    }
    @Test
    void aRoundThatConflictsIsRunAgainAndASendsOutcomeIsNeverDropped() {
        AtomicInteger conflictsToThrow = new AtomicInteger();
        TransactionPort conflicting = new TransactionPort() {
            @Override
            public <T> T inTransaction(Supplier<T> work) {
                if (conflictsToThrow.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    throw new TransactionConflictException("deadlock detected", null);
                }
                return store.inTransaction(work);
            }
        };
        List<UUID> sends = new ArrayList<>();
        int[] conflictsAfterSend = {0};
        MessageSender acs = message -> {
            sends.add(message.id());
            conflictsToThrow.set(conflictsAfterSend[0]); // the transaction recording this send conflicts
            return "receipt-" + message.id();
        };
        DispatchRepliesService conflicted = new DispatchRepliesService(conflicting, store, store, store, store,
                store, acs, channel -> Optional.empty(), ChannelPolicies.WHATSAPP, new DispatchRepliesService.Settings(RetryPolicy.DEFAULT, 1,
                Duration.ofMinutes(2), 80, new CircuitBreaker(3, Duration.ofSeconds(1), Duration.ofSeconds(60))),
                clock, d -> clock.advance(d));

        conflictsAfterSend[0] = DispatchRepliesService.ROUND_ATTEMPTS - 1;
        OutboundMessage retried = queue(conversation("retried", Duration.ZERO), new OutboundContent.Text("one"));
        assertEquals(1, conflicted.dispatchDue(), "conflicts short of the limit are run again");
        assertEquals(DeliveryStatus.ACCEPTED, stored(retried).status());

        conflictsAfterSend[0] = DispatchRepliesService.ROUND_ATTEMPTS;
        OutboundMessage kept = queue(conversation("kept", Duration.ZERO), new OutboundContent.Text("two"));
        assertThrows(TransactionConflictException.class, conflicted::dispatchDue);
        assertEquals(DeliveryStatus.QUEUED, stored(kept).status(), "nothing of the failed round was written");
        conflictsAfterSend[0] = 0;
        conflicted.dispatchDue();
        assertEquals(DeliveryStatus.ACCEPTED, stored(kept).status(), "the next round records the send that happened");
        assertEquals("receipt-" + kept.id(), stored(kept).acsMessageId());
        assertEquals(List.of(retried.id(), kept.id()), sends, "each reply sent once");
    }

    @Test
    void aSendThatOutlastsItsClaimCannotOverwriteTheAttemptThatTookOver() {
        Duration lease = Duration.ofMinutes(2);
        DispatchRepliesService.Settings settings = new DispatchRepliesService.Settings(RetryPolicy.DEFAULT, 10,
                lease, 80, new CircuitBreaker(3, Duration.ofSeconds(1), Duration.ofSeconds(60)));
        MessageSender refusing = message -> {
            throw SendFailedException.permanent("400", "rejected");
        };
        MessageSender accepting = message -> "receipt-b";
        DispatchRepliesService a = new DispatchRepliesService(store, store, store, store, store, store, refusing,
                channel -> Optional.empty(), ChannelPolicies.WHATSAPP, settings, clock, d -> { });
        DispatchRepliesService b = new DispatchRepliesService(store, store, store, store, store, store, accepting,
                channel -> Optional.empty(), ChannelPolicies.WHATSAPP, settings, clock, d -> { });
        OutboundMessage reply = queue(conversation("slow", Duration.ZERO), new OutboundContent.Text("hi"));

        List<DispatchRepliesService.ClaimedReply> byA = a.recordAndClaim(List.of(), 10);
        assertEquals(1, byA.size());
        // A's send takes longer than the lease: meanwhile B claims the reply again and starts sending it
        clock.advance(lease.plusSeconds(1));
        List<DispatchRepliesService.ClaimedReply> byB = b.recordAndClaim(List.of(), 10);
        assertEquals(1, byB.size(), "the expired claim is taken over");
        // then A's send ends with a permanent failure, while B's is still in flight
        a.recordAndClaim(List.of(a.send(byA.get(0))), 0);
        assertEquals(DeliveryStatus.QUEUED, stored(reply).status(), "A's stale failure was not recorded");
        assertEquals(2, stored(reply).attempts(), "B's attempt is the one on record");
        b.recordAndClaim(List.of(b.send(byB.get(0))), 0);
        assertEquals(DeliveryStatus.ACCEPTED, stored(reply).status());
        assertEquals("receipt-b", stored(reply).acsMessageId());
        assertTrue(store.history(reply.id()).stream().noneMatch(c -> c.status() == DeliveryStatus.FAILED));
    }
}
