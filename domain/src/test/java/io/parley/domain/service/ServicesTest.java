package io.parley.domain.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.domain.fakes.ChannelPolicies;
import io.parley.domain.fakes.InMemoryStoreFake;
import io.parley.domain.fakes.MessageSenderFake;
import io.parley.domain.fakes.MutableClock;
import io.parley.domain.model.CircuitBreaker;
import io.parley.domain.model.DeliveryStatus;
import io.parley.domain.model.InboundContent;
import io.parley.domain.model.MediaDownload;
import io.parley.domain.model.MessageAnalysis;
import io.parley.domain.model.MatchType;
import io.parley.domain.model.OutboundContent;
import io.parley.domain.model.OutboundMessage;
import io.parley.domain.model.ReplyRule;
import io.parley.domain.model.RetryPolicy;
import io.parley.domain.model.RuleMatch;
import io.parley.domain.model.RuleReply;
import io.parley.domain.port.in.ReceiveMessageCommand;
import io.parley.domain.port.in.RecordAnalysisCommand;
import io.parley.domain.port.in.EventCommand;
import io.parley.domain.port.in.IngestEventsUseCase;
import io.parley.domain.port.in.RecordDeliveryStatusCommand;
import io.parley.domain.port.out.FallbackTemplates;
import io.parley.domain.port.out.SendFailedException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The use cases end to end over in-memory fakes of every out-port. */
class ServicesTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
    private final InMemoryStoreFake store = new InMemoryStoreFake();
    private final MessageSenderFake sender = new MessageSenderFake();
    private final AtomicInteger signals = new AtomicInteger();
    private final ReplyRuleCatalog catalog = new ReplyRuleCatalog(store, new io.parley.domain.fakes.JdkTextPatternsFake());
    private final AtomicInteger mediaSignals = new AtomicInteger();
    private final ReceiveMessageService receive = new ReceiveMessageService(store, store, store, store,
            store, catalog, signals::incrementAndGet, mediaSignals::incrementAndGet, clock,
            ChannelPolicies.WHATSAPP);
    private final RecordAnalysisService analysis = new RecordAnalysisService(store, store, clock);
    private final Map<String, OutboundContent.Template> fallbacks = new HashMap<>();
    private final RecordDeliveryStatusService statuses = new RecordDeliveryStatusService(store, store,
            store, channel -> Optional.ofNullable(fallbacks.get(channel)), ChannelPolicies.WHATSAPP, signals::incrementAndGet);
    private final DispatchRepliesService dispatcher = new DispatchRepliesService(store, store, store, store, store,
            store, sender, channel -> Optional.ofNullable(fallbacks.get(channel)), ChannelPolicies.WHATSAPP,
            new DispatchRepliesService.Settings(RetryPolicy.DEFAULT, 10, Duration.ofMinutes(2), 80,
                    new CircuitBreaker(3, Duration.ofSeconds(1), Duration.ofSeconds(60))),
            clock, clock::advance);
    private final ManageReplyRulesService rules = new ManageReplyRulesService(store, store, catalog, store, clock);
    /** The one way events come in. */
    private final IngestEventsService ingest = new IngestEventsService(store, store, receive, statuses, analysis,
            clock);

    @BeforeEach
    void rules() {
        rules.create(new ReplyRule(null, "hours", 10, true, new RuleMatch(MatchType.KEYWORD, "hours"),
                RuleReply.text("We are open 9:00-17:00.")));
    }

    private IngestEventsUseCase.Outcome customerSays(String eventId, String text) {
        return customerSends(eventId, InboundContent.text(text));
    }

    private IngestEventsUseCase.Outcome customerSends(String eventId, InboundContent content) {
        return take(new ReceiveMessageCommand(eventId, "channel-1", "+15550001", content, clock.instant()));
    }

    private IngestEventsUseCase.Outcome take(EventCommand command) {
        return ingest.ingest(List.of(command)).get(0);
    }

    /** What a status event did, as the store shows it. */
    private enum StatusEffect { APPLIED, STALE, KEPT, DUPLICATE }

    /** What an analysis event did, as the store shows it. */
    private enum AnalysisEffect { ATTACHED, KEPT, DUPLICATE }

    private AnalysisEffect analysed(RecordAnalysisCommand command) {
        int before = store.analyses.size();
        if (take(command) == IngestEventsUseCase.Outcome.DUPLICATE) {
            return AnalysisEffect.DUPLICATE;
        }
        assertEquals(before + 1, store.analyses.size(), "every new analysis is stored");
        return store.analyses.get(before).messageId() == null ? AnalysisEffect.KEPT : AnalysisEffect.ATTACHED;
    }

    private OutboundMessage onlyReply() {
        assertEquals(1, store.outbound.size());
        return store.outbound.values().iterator().next();
    }

    @Test
    void aMatchingMessageIsStoredAndItsReplyQueuedToTheSender() {
        assertEquals(IngestEventsUseCase.Outcome.ACCEPTED, customerSays("e1", "Hours?"));
        UUID inboundId = store.inbound.keySet().iterator().next();
        assertEquals(1, store.inbound.size());
        OutboundMessage reply = onlyReply();
        assertEquals(DeliveryStatus.QUEUED, reply.status());
        assertEquals(new OutboundContent.Text("We are open 9:00-17:00."), reply.content());
        assertEquals("channel-1", reply.channelId());
        assertEquals("+15550001", reply.recipientId());
        assertEquals(inboundId, reply.inReplyTo());
        assertEquals(1, signals.get());
    }

    @Test
    void aRedeliveredEventChangesNothing() {
        customerSays("e1", "hours");
        assertEquals(IngestEventsUseCase.Outcome.DUPLICATE, customerSays("e1", "hours"));
        assertEquals(1, store.inbound.size());
        assertEquals(1, store.outbound.size());
        assertEquals(1, store.conversations.size());
    }

    @Test
    void noRuleNoReply() {
        customerSays("e1", "something else");
        assertEquals(1, store.inbound.size());
        assertTrue(store.outbound.isEmpty());
        assertEquals(0, signals.get());
    }

    @Test
    void dispatchRecordsTheReceipt() {
        customerSays("e1", "hours");
        assertEquals(1, dispatcher.dispatchDue());
        OutboundMessage reply = onlyReply();
        assertEquals(DeliveryStatus.ACCEPTED, reply.status());
        assertEquals("receipt-1", reply.acsMessageId());
        assertEquals(1, reply.attempts());
        assertEquals(0, dispatcher.dispatchDue(), "nothing left to send");
    }

    @Test
    void transientFailuresRetryWithTheSameIdAndFirstSentTime() {
        customerSays("e1", "hours");
        sender.failNext(SendFailedException.transientFailure("503", "unavailable", null))
                .failNext(SendFailedException.transientFailure("429", "throttled", Duration.ofSeconds(30)));
        dispatcher.dispatchDue();
        OutboundMessage afterFirst = onlyReply();
        assertEquals(DeliveryStatus.QUEUED, afterFirst.status());
        assertEquals("503", afterFirst.errorCode());
        assertEquals(0, dispatcher.dispatchDue(), "not due before its backoff");

        clock.advance(Duration.ofSeconds(5));
        dispatcher.dispatchDue();
        OutboundMessage afterSecond = onlyReply();
        assertTrue(afterSecond.nextAttemptAt().isAfter(clock.instant().plusSeconds(29)), "Retry-After honoured");

        clock.advance(Duration.ofSeconds(31));
        dispatcher.dispatchDue();
        assertEquals(DeliveryStatus.ACCEPTED, onlyReply().status());
        assertEquals(3, sender.sent.size());
        assertEquals(1, sender.sent.stream().map(OutboundMessage::id).distinct().count());
        assertEquals(1, sender.sent.stream().map(OutboundMessage::firstAttemptAt).distinct().count());
    }

    @Test
    void permanentFailureFailsAtOnce() {
        customerSays("e1", "hours");
        sender.failNext(SendFailedException.permanent("400", "bad recipient"));
        dispatcher.dispatchDue();
        OutboundMessage reply = onlyReply();
        assertEquals(DeliveryStatus.FAILED, reply.status());
        assertEquals("400", reply.errorCode());
        assertEquals("bad recipient", reply.errorMessage());
        clock.advance(Duration.ofHours(1));
        assertEquals(0, dispatcher.dispatchDue());
        assertEquals(1, sender.sent.size());
    }

    @Test
    void transientFailuresGiveUpAfterTheMaximumAge() {
        DispatchRepliesService patient = new DispatchRepliesService(store, store, store, store, store, store, sender,
                FallbackTemplates.NONE, ChannelPolicies.WHATSAPP, new DispatchRepliesService.Settings(
                new RetryPolicy(Duration.ofSeconds(2), Duration.ofMinutes(5), Duration.ofHours(1)), 10,
                Duration.ofMinutes(2), 80, new CircuitBreaker(1000, Duration.ofSeconds(1), Duration.ofSeconds(1))),
                clock, clock::advance);
        customerSays("e1", "hours");
        for (int i = 0; i < 400; i++) {
            sender.failNext(SendFailedException.transientFailure("503", "down", null));
        }
        for (int i = 0; i < 400 && onlyReply().status() == DeliveryStatus.QUEUED; i++) {
            clock.advance(Duration.ofMinutes(6));
            patient.dispatchDue();
        }
        OutboundMessage reply = onlyReply();
        assertEquals(DeliveryStatus.FAILED, reply.status());
        assertEquals("503", reply.errorCode());
        assertTrue(reply.errorMessage().startsWith("gave up retrying"), reply.errorMessage());
        assertTrue(clock.instant().isAfter(reply.createdAt().plus(Duration.ofMinutes(55))));
    }

    @Test
    void statusesOutOfOrderEndAtRead() {
        customerSays("e1", "hours");
        dispatcher.dispatchDue();
        assertEquals(StatusEffect.APPLIED, status("s1", DeliveryStatus.READ));
        assertEquals(StatusEffect.STALE, status("s2", DeliveryStatus.DELIVERED));
        assertEquals(StatusEffect.STALE, status("s3", DeliveryStatus.SENT));
        assertEquals(StatusEffect.DUPLICATE, status("s3", DeliveryStatus.SENT));
        assertEquals(DeliveryStatus.READ, onlyReply().status());
    }

    @Test
    void failureKeepsItsChannelError() {
        customerSays("e1", "hours");
        dispatcher.dispatchDue();
        take(new RecordDeliveryStatusCommand("s1", "receipt-1", DeliveryStatus.FAILED, "131026",
                "Message Undeliverable.", clock.instant()));
        OutboundMessage reply = onlyReply();
        assertEquals(DeliveryStatus.FAILED, reply.status());
        assertEquals("131026", reply.errorCode());
        assertEquals("Message Undeliverable.", reply.errorMessage());
    }

    @Test
    void aStatusThatBeatsItsReceiptIsAppliedWhenTheReceiptLands() {
        customerSays("e1", "hours");
        assertEquals(StatusEffect.KEPT, status("s1", DeliveryStatus.DELIVERED));
        assertEquals(1, store.kept.size());
        dispatcher.dispatchDue();
        assertEquals(DeliveryStatus.DELIVERED, onlyReply().status());
        assertTrue(store.kept.isEmpty());
    }

    @Test
    void statusesForUnknownIdsAreKept() {
        assertEquals(StatusEffect.KEPT, status("s1", DeliveryStatus.SENT));
        assertEquals(0, dispatcher.reconcileKeptStatuses());
        assertEquals(1, store.kept.size());
    }

    @Test
    void aConversationsRepliesAreSentInOrder() {
        customerSays("e1", "hours");
        clock.advance(Duration.ofMillis(1));
        customerSays("e2", "hours");
        sender.failNext(SendFailedException.transientFailure("503", "down", null));
        dispatcher.dispatchDue();
        assertEquals(1, sender.sent.size(), "the second waits behind the first");
        clock.advance(Duration.ofSeconds(3));
        dispatcher.dispatchDue();
        clock.advance(Duration.ofSeconds(3));
        dispatcher.dispatchDue();
        List<OutboundMessage> sent = sender.sent;
        assertEquals(3, sent.size());
        assertEquals(sent.get(0).id(), sent.get(1).id());
        assertTrue(sent.get(2).createdAt().isAfter(sent.get(1).createdAt()));
    }

    @Test
    void theOnlyInstanceTakesOverClaimsLeftByACrash() {
        customerSays("e1", "hours");
        // a predecessor claimed it, then died
        store.claim(store.lockDue(clock.instant(), 10), clock.instant().plus(Duration.ofMinutes(2)));
        assertEquals(0, dispatcher.dispatchDue(), "the lease still holds");
        store.soleUser = false;
        assertEquals(0, dispatcher.recoverAsOnlyInstance(), "a shared database: the lease decides");
        store.soleUser = true;
        assertEquals(1, dispatcher.recoverAsOnlyInstance());
        assertEquals(1, dispatcher.dispatchDue());
        assertEquals(DeliveryStatus.ACCEPTED, onlyReply().status());
    }

    @Test
    void reactionsAreStoredButNotAnswered() {
        rules.create(new ReplyRule(null, "fallback", 100, true, new RuleMatch(MatchType.ANY, null),
                RuleReply.text("Thanks!")));
        customerSends("e1", new InboundContent("reaction", null, null, null, null, null,
                new InboundContent.Reaction("wamid-1", "👍"), null, "m1"));
        assertEquals(1, store.inbound.size());
        assertEquals("👍", store.inbound.values().iterator().next().text());
        assertTrue(store.outbound.isEmpty());
    }

    @Test
    void buttonsListRepliesAndMediaPickTheirRules() {
        rules.create(new ReplyRule(null, "confirm", 1, true, new RuleMatch(MatchType.BUTTON, "confirm-order"),
                RuleReply.text("Confirmed.")));
        rules.create(new ReplyRule(null, "roses", 1, true, new RuleMatch(MatchType.LIST, "row-roses"),
                RuleReply.text("Roses it is.")));
        rules.create(new ReplyRule(null, "pictures", 1, true, new RuleMatch(MatchType.MEDIA, "image/"),
                RuleReply.text("Nice picture.")));
        customerSends("b", new InboundContent("button", null, null, null,
                new InboundContent.Button("Yes", "confirm-order"), null, null, null, null));
        customerSends("i", new InboundContent("interactive", null, null, null, null,
                new InboundContent.Interactive("buttonReply", "confirm-order", "Yes", null), null, null, null));
        customerSends("l", new InboundContent("interactive", null, null, null, null,
                new InboundContent.Interactive("listReply", "row-roses", "Roses", "A dozen"), null, null, null));
        customerSends("m", new InboundContent(null, null, new InboundContent.Media("x", "IMAGE/jpeg", null, null,
                null), null, null, null, null, null, null));
        customerSends("d", new InboundContent(null, null, new InboundContent.Media("y", "application/pdf", null,
                null, null), null, null, null, null, null, null));
        assertEquals(List.of("Confirmed.", "Confirmed.", "Roses it is.", "Nice picture."),
                store.outbound.values().stream().map(OutboundMessage::text).toList());
    }

    @Test
    void anAnalysisIsAttachedToTheMessageWithTheSameTextNearestInTime() {
        customerSays("e1", "Where is my order?");
        clock.advance(Duration.ofMinutes(10));
        customerSays("e2", "Where is my order?");
        UUID second = store.inbound.values().stream().skip(1).findFirst().orElseThrow().id();
        assertEquals(AnalysisEffect.ATTACHED, analysed(new RecordAnalysisCommand("a1",
                "channel-1", "+15550001", analysisOf("Where is my order?", clock.instant()))));
        assertEquals(second, store.analyses.get(0).messageId());
        assertEquals(AnalysisEffect.DUPLICATE, analysed(new RecordAnalysisCommand("a1",
                "channel-1", "+15550001", analysisOf("Where is my order?", clock.instant()))));
    }

    @Test
    void anAnalysisThatComesFirstIsKeptAndAttachedWhenItsMessageArrives() {
        assertEquals(AnalysisEffect.KEPT, analysed(new RecordAnalysisCommand("a1",
                "channel-1", "+15550001", analysisOf("Hola", clock.instant()))));
        assertEquals(null, store.analyses.get(0).messageId());
        customerSays("e1", "Hola");
        assertEquals(store.inbound.keySet().iterator().next(), store.analyses.get(0).messageId());
    }

    private static MessageAnalysis analysisOf(String text, Instant at) {
        return new MessageAnalysis("a", text, "Spanish", 0.9, null, "Greeting", List.of("order"), at);
    }

    @Test
    void mediaIsQueuedForDownloadWithTheMessage() {
        customerSends("e1", new InboundContent(null, null, new InboundContent.Media("media-1", "image/png", "a.png",
                null, null), null, null, null, null, null, null));
        UUID id = store.inbound.keySet().iterator().next();
        assertEquals(MediaDownload.Status.PENDING, store.mediaDownloads.get(id).status());
        assertEquals("media-1", store.mediaDownloads.get(id).mediaId());
        assertEquals(1, mediaSignals.get());
        customerSays("e2", "no media here");
        assertEquals(1, store.mediaDownloads.size());
    }

    @Test
    void rulesChangesAreSeenAtOnce() {
        customerSays("e1", "price");
        assertTrue(store.outbound.isEmpty());
        rules.create(new ReplyRule(null, "price", 1, true, new RuleMatch(MatchType.CONTAINS, "price"),
                RuleReply.text("10 EUR")));
        customerSays("e2", "what is the price?");
        assertEquals(new OutboundContent.Text("10 EUR"), onlyReply().content());
    }

    @Test
    void firstMessageRuleGreetsOnlyOnce() {
        rules.create(new ReplyRule(null, "welcome", 1, true, new RuleMatch(MatchType.FIRST_MESSAGE, null),
                RuleReply.text("Welcome!")));
        customerSays("e1", "hi");
        customerSays("e2", "hi again");
        assertEquals(1, store.outbound.size());
    }

    private StatusEffect status(String eventId, DeliveryStatus status) {
        int kept = store.kept.size();
        int entries = store.history.size();
        if (take(new RecordDeliveryStatusCommand(eventId, "receipt-1", status, null, null, clock.instant()))
                == IngestEventsUseCase.Outcome.DUPLICATE) {
            return StatusEffect.DUPLICATE;
        }
        if (store.kept.size() > kept) {
            return StatusEffect.KEPT;
        }
        assertEquals(entries + 1, store.history.size(), "the report is in the message's history");
        return store.history.get(entries).applied() ? StatusEffect.APPLIED : StatusEffect.STALE;
    }
}
