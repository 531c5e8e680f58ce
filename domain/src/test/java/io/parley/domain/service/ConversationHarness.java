package io.parley.domain.service;

import io.parley.domain.fakes.AuditLogFake;
import io.parley.domain.fakes.ChannelPolicies;
import io.parley.domain.fakes.ConsentLogFake;
import io.parley.domain.fakes.FlowCallsFake;
import io.parley.domain.fakes.FlowStoreFake;
import io.parley.domain.fakes.InMemoryStoreFake;
import io.parley.domain.fakes.InsightStoreFake;
import io.parley.domain.fakes.MessageSenderFake;
import io.parley.domain.model.CircuitBreaker;
import io.parley.domain.model.DeliveryStatus;
import io.parley.domain.model.RetryPolicy;
import io.parley.domain.port.in.RecordDeliveryStatusCommand;
import io.parley.domain.port.out.InsightMetrics;
import io.parley.domain.fakes.JdkTextPatternsFake;
import io.parley.domain.fakes.MutableClock;
import io.parley.domain.fakes.TinyJsonFake;
import io.parley.domain.model.ConsentPolicy;
import io.parley.domain.model.Conversation;
import io.parley.domain.model.FlowPolicy;
import io.parley.domain.model.InboundContent;
import io.parley.domain.model.ReplyGuards;
import io.parley.domain.port.in.ReceiveMessageCommand;
import io.parley.domain.port.out.DeliveryMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The domain's services on in-memory stores, wired as the application wires them, for tests of whole
 * conversations: customers write ({@link #says}), rules, flows, agents and the scheduled work answer, a fake
 * clock moves time, the audit and consent logs are lists.
 */
final class ConversationHarness {

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T10:00:00Z"));
    final InMemoryStoreFake store = new InMemoryStoreFake();
    final FlowStoreFake flowStore = new FlowStoreFake();
    final FlowCallsFake calls = new FlowCallsFake();
    final AuditLogFake auditLog = new AuditLogFake();
    final ConsentLogFake consentLog = new ConsentLogFake();
    final AuditTrail trail = new AuditTrail(auditLog, clock);
    final ReplyGuards guards;
    final ReplyRuleCatalog catalog;
    final FlowCatalog flowCatalog;
    final ManageReplyRulesService rules;
    final ManageFlowsService flows;
    final IngestEventsService ingest;
    final RunScheduledWorkService work;
    final SendAgentMessageService agent;
    final ReleaseConversationService release;
    final InsightStoreFake insightStore = new InsightStoreFake();
    final Insight insight = new Insight(insightStore, InsightMetrics.NONE);
    final InsightReports reports;
    final MessageSenderFake sender = new MessageSenderFake();
    final DispatchRepliesService dispatcher;
    private int events;

    ConversationHarness(ReplyGuards guards) {
        this.guards = guards;
        JdkTextPatternsFake patterns = new JdkTextPatternsFake();
        catalog = new ReplyRuleCatalog(store, patterns);
        flowCatalog = new FlowCatalog(flowStore, patterns);
        rules = new ManageReplyRulesService(store, store, catalog, store, clock, flowStore);
        flows = new ManageFlowsService(store, flowStore, flowCatalog, store, store, new TinyJsonFake(),
                new FlowPolicy(Set.of("shop.example"), Set.of()), calls, clock);
        ingest = new IngestEventsService(store, store,
                new ReceiveMessageService(store, store, store, store, store, catalog, () -> { }, () -> { }, clock,
                        DeliveryMetrics.NONE, guards, ChannelPolicies.WHATSAPP,
                        new FlowRuntime(flowCatalog, flowStore, () -> { }))
                        .withConsent(ConsentPolicy.DEFAULT, consentLog),
                new RecordDeliveryStatusService(store, store, store, c -> Optional.empty(),
                        ChannelPolicies.WHATSAPP, () -> { }),
                new RecordAnalysisService(store, store, clock), clock, insight);
        work = new RunScheduledWorkService(store, flowStore, store, store, store, flowCatalog, calls,
                new TinyJsonFake(), ChannelPolicies.WHATSAPP, guards, DeliveryMetrics.NONE, () -> { }, () -> { },
                () -> true, Runnable::run, RunScheduledWorkService.DEFAULT_LEASE, clock).countedBy(insight);
        agent = new SendAgentMessageService(store, store, store, store, () -> { }, clock).with(guards, trail)
                .countedBy(insight);
        flows.countedBy(insight);
        reports = new InsightReports(insightStore, store, store, flowStore, clock);
        dispatcher = new DispatchRepliesService(store, store, store, store, store, store, sender,
                c -> Optional.empty(), ChannelPolicies.WHATSAPP,
                new DispatchRepliesService.Settings(RetryPolicy.DEFAULT, 1000, Duration.ofMinutes(2), 1000,
                        new CircuitBreaker(3, Duration.ofSeconds(1), Duration.ofSeconds(60))),
                clock, d -> clock.advance(d)).countedBy(insight);
        release = new ReleaseConversationService(store, store, trail);
    }

    /** What the bot (not a person) queued for {@code text} from {@code customer} on {@code channel}. */
    List<String> says(String channel, String customer, String text) {
        int before = store.outbound.size();
        ingest.ingest(List.of(new ReceiveMessageCommand("e" + (++events), channel, customer,
                InboundContent.text(text), clock.instant())));
        clock.advance(Duration.ofSeconds(1));
        return store.outbound.values().stream().skip(before).filter(m -> m.sentBy() == null)
                .map(m -> m.content().summary()).toList();
    }

    /** What the bot queued for a customer's message of another kind (a reaction, a tap). */
    void sends(String channel, String customer, InboundContent content) {
        ingest.ingest(List.of(new ReceiveMessageCommand("e" + (++events), channel, customer, content,
                clock.instant())));
        clock.advance(Duration.ofSeconds(1));
    }

    /** The channel reports {@code status} (with {@code code} for a failure) for the reply with this receipt. */
    void reports(String receipt, DeliveryStatus status, String code) {
        ingest.ingest(List.of(new RecordDeliveryStatusCommand("e" + (++events), receipt, status, code,
                code == null ? null : "failed", clock.instant())));
    }

    Conversation conversation(String channel, String customer) {
        return store.find(channel, customer).orElseThrow();
    }

    /** Runs the scheduled work until nothing is due. */
    void runDue() {
        while (work.runDue() > 0) {
            // a call, then what it answers
        }
    }
}
