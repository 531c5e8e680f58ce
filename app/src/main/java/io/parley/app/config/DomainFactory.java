package io.parley.app.config;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.exceptions.ConfigurationException;
import io.parley.domain.model.ChannelPolicy;
import io.parley.domain.model.JsonDocuments;
import io.parley.domain.model.RetryPolicy;
import io.parley.domain.model.TextPatterns;
import io.parley.domain.port.in.FetchMediaUseCase;
import io.parley.domain.port.in.IngestEventsUseCase;
import io.parley.domain.port.in.KeepDeadLetterUseCase;
import io.parley.domain.port.in.ManageFlowsUseCase;
import io.parley.domain.port.in.ManageReplyRulesUseCase;
import io.parley.domain.port.in.PurgeOldDataUseCase;
import io.parley.domain.port.in.ReleaseConversationUseCase;
import io.parley.domain.port.in.ReplayRulesUseCase;
import io.parley.domain.port.in.RunScheduledWorkUseCase;
import io.parley.domain.port.in.SendAgentMessageUseCase;
import io.parley.domain.port.out.AnalysisPort;
import io.parley.domain.port.out.ConversationPort;
import io.parley.domain.port.out.DeadLetterPort;
import io.parley.domain.port.out.DeliveryMetrics;
import io.parley.domain.port.out.EventLogPort;
import io.parley.domain.port.out.FallbackTemplates;
import io.parley.domain.port.out.FlowCallPort;
import io.parley.domain.port.out.FlowPort;
import io.parley.domain.port.out.MediaDownloadPort;
import io.parley.domain.port.out.MediaDownloader;
import io.parley.domain.port.out.MediaStorePort;
import io.parley.domain.port.out.MessagePort;
import io.parley.domain.port.out.MessageSender;
import io.parley.domain.port.out.OutboxPort;
import io.parley.domain.port.out.ReplayQueries;
import io.parley.domain.port.out.ReplyRulePort;
import io.parley.domain.port.out.RetentionPort;
import io.parley.domain.port.out.RuleHistoryPort;
import io.parley.domain.port.out.ScheduledWorkPort;
import io.parley.domain.port.out.StatusHistoryPort;
import io.parley.domain.port.out.StatusReportPort;
import io.parley.domain.port.out.TransactionPort;
import io.parley.domain.port.out.WorkSignal;
import io.parley.domain.service.AnalysisChannels;
import io.parley.domain.service.AnalysisWaiting;
import io.parley.domain.service.DispatchRepliesService;
import io.parley.domain.service.FetchMediaService;
import io.parley.domain.service.FlowCatalog;
import io.parley.domain.service.FlowRuntime;
import io.parley.domain.service.IngestEventsService;
import io.parley.domain.service.KeepDeadLetterService;
import io.parley.domain.service.ManageFlowsService;
import io.parley.domain.service.ManageReplyRulesService;
import io.parley.domain.service.PurgeOldDataService;
import io.parley.domain.service.ReceiveMessageService;
import io.parley.domain.service.RecordAnalysisService;
import io.parley.domain.service.RecordDeliveryStatusService;
import io.parley.domain.service.ReleaseConversationService;
import io.parley.domain.service.ReplayRulesService;
import io.parley.domain.service.ReplyRuleCatalog;
import io.parley.domain.service.RunScheduledWorkService;
import io.parley.domain.service.SendAgentMessageService;
import io.parley.domain.model.ConsentPolicy;
import io.parley.domain.port.in.CustomerPrivacyUseCase;
import io.parley.domain.port.in.ManageUsersUseCase;
import io.parley.domain.port.out.CustomerDataPort;
import io.parley.domain.port.out.CustomerReference;
import io.parley.domain.service.CustomerPrivacyService;
import io.parley.domain.port.out.ConsentPort;
import io.parley.domain.port.out.AuditPort;
import io.parley.domain.port.out.PasswordHasher;
import io.parley.domain.port.out.UserPort;
import io.parley.domain.service.AuditTrail;
import io.parley.domain.service.ManageUsersService;
import io.parley.domain.port.in.NameChannelsUseCase;
import io.parley.domain.port.out.ChannelNamePort;
import io.parley.domain.port.out.InsightMetrics;
import io.parley.domain.service.NameChannelsService;
import io.parley.domain.port.out.InsightPort;
import io.parley.domain.port.out.InsightQueries;
import io.parley.domain.service.Insight;
import io.parley.domain.service.InsightReports;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;

/** Wires the framework-free domain: its use cases get the adapters' ports by constructor. */
@Factory
class DomainFactory {

    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Where transactions put what they count for insight: the store, last in each, and Prometheus after. */
    @Singleton
    Insight insight(InsightPort store, InsightMetrics metrics) {
        return new Insight(store, metrics);
    }

    /** What business users ask (the analytics API), read from insight's counts. */
    @Singleton
    InsightReports insightReports(InsightQueries queries, ReplyRulePort rules, RuleHistoryPort history,
                                  FlowPort flows, Clock clock) {
        return new InsightReports(queries, rules, history, flows, clock);
    }

    @Singleton
    NameChannelsUseCase nameChannels(TransactionPort tx, ChannelNamePort names, AuditTrail audit, Clock clock) {
        return new NameChannelsService(tx, names, audit, clock);
    }

    /** The audit log, written in the transaction of each change. */
    @Singleton
    AuditTrail auditTrail(AuditPort audit, Clock clock) {
        return new AuditTrail(audit, clock);
    }

    @Singleton
    ManageUsersUseCase manageUsers(TransactionPort tx, UserPort users, PasswordHasher hasher, AuditTrail audit,
                                   Clock clock, ParleyMode mode) {
        return new ManageUsersService(tx, users, hasher, audit, clock, mode.adminUsername());
    }

    @Singleton
    CustomerPrivacyUseCase customerPrivacy(TransactionPort tx, CustomerDataPort data, MediaStorePort media,
                                           CustomerReference reference, AuditTrail audit) {
        return new CustomerPrivacyService(tx, data, media, reference, audit);
    }

    @Singleton
    ReplyRuleCatalog replyRuleCatalog(ReplyRulePort rules, TextPatterns patterns) {
        return new ReplyRuleCatalog(rules, patterns);
    }

    @Singleton
    FlowCatalog flowCatalog(FlowPort flows,
                                                     TextPatterns patterns) {
        return new FlowCatalog(flows, patterns);
    }

    @Singleton
    ReceiveMessageService receiveMessage(ConversationPort conversations,
                                         MessagePort messages, StatusHistoryPort history, AnalysisPort analyses,
                                         MediaDownloadPort media,
                                         ReplyRuleCatalog catalog, @Named("outbox") WorkSignal outbox,
                                         @Named("media") WorkSignal mediaSignal, Clock clock,
                                         DeliveryMetrics metrics, GuardSettings guards, ChannelPolicy channel,
                                         FlowCatalog flows,
                                         ScheduledWorkPort work,
                                         @Named("flows") WorkSignal flowSignal, AnalysisSettings analysis,
                                         AnalysisChannels analysisChannels, ConsentPolicy consent,
                                         ConsentPort consentLog) {
        return new ReceiveMessageService(conversations, messages, history, analyses, media, catalog,
                outbox, mediaSignal, clock, metrics, guards.toDomain(), channel,
                new FlowRuntime(flows, work, flowSignal),
                new AnalysisWaiting(analysis.toDomain(), analysisChannels, work, flowSignal))
                .withConsent(consent, consentLog);
    }

    /** Which channels send analyses: one cache for the service that records them and the one that waits. */
    @Singleton
    AnalysisChannels analysisChannels(AnalysisPort analyses) {
        return new AnalysisChannels(analyses);
    }

    @Singleton
    RunScheduledWorkUseCase runScheduledWork(
            TransactionPort tx, ScheduledWorkPort work, ConversationPort conversations,
            MessagePort messages, StatusHistoryPort history, FlowCatalog flows,
            FlowCallPort calls, JsonDocuments json,
            ChannelPolicy channel, GuardSettings guards, DeliveryMetrics metrics,
            @Named("outbox") WorkSignal outbox, @Named("flows") WorkSignal flowSignal, OutboxPort outboxPort,
            FlowSettings settings, Clock clock, ReceiveMessageService receive, Insight insight) {
        return new RunScheduledWorkService(tx, work, conversations, messages, history,
                flows, calls, json, channel, guards.toDomain(), metrics, outbox, flowSignal, outboxPort::soleUser,
                flowCallers(), settings.lease(), clock, receive).countedBy(insight);
    }

    /** The threads a round of flow calls waits on: calls wait on the far end, so a few run at the same time. */
    private static java.util.concurrent.Executor flowCallers() {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        return java.util.concurrent.Executors.newFixedThreadPool(RunScheduledWorkService.PARALLEL_CALLS, task -> {
            Thread thread = new Thread(task, "parley-flow-call-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Singleton
    ManageFlowsUseCase manageFlows(
            TransactionPort tx, FlowPort flows, FlowCatalog catalog,
            ReplyRulePort rules, ConversationPort conversations, JsonDocuments json,
            FlowSettings settings, FlowCallPort calls, Clock clock, AuditTrail audit, Insight insight) {
        return new ManageFlowsService(tx, flows, catalog, rules, conversations, json,
                settings.toDomain(), calls, clock).auditedBy(audit).countedBy(insight);
    }

    @Singleton
    PurgeOldDataUseCase purgeOldData(TransactionPort tx, RetentionPort retention, MediaStorePort media, Clock clock,
                                     RetentionSettings settings) {
        return new PurgeOldDataService(tx, retention, media, settings.toDomain(), clock);
    }

    @Singleton
    FetchMediaUseCase fetchMedia(MediaDownloadPort downloads, MediaDownloader downloader, MediaStorePort store,
                                 Clock clock, MediaSettings settings) {
        return new FetchMediaService(downloads, downloader, store,
                new RetryPolicy(Duration.ofSeconds(2), Duration.ofMinutes(5), settings.retry().maxAge()),
                settings.maxSize(), clock);
    }

    @Singleton
    RecordAnalysisService recordAnalysis(ConversationPort conversations,
                                         AnalysisPort analyses, AnalysisChannels channels, Clock clock) {
        return new RecordAnalysisService(conversations, analyses, channels, clock);
    }

    @Singleton
    RecordDeliveryStatusService recordDeliveryStatus(MessagePort messages,
                                                     StatusReportPort reports, StatusHistoryPort history,
                                                     FallbackTemplates fallbacks, ChannelPolicy channel,
                                                     @Named("outbox") WorkSignal outbox,
                                                     DeliveryMetrics metrics) {
        return new RecordDeliveryStatusService(messages, reports, history, fallbacks, channel, outbox, metrics);
    }

    @Singleton
    SendAgentMessageUseCase sendAgentMessage(TransactionPort tx, ConversationPort conversations,
                                             MessagePort messages, StatusHistoryPort history,
                                             @Named("outbox") WorkSignal outbox, Clock clock,
                                             DeliveryMetrics metrics, GuardSettings guards, AuditTrail audit,
                                             Insight insight) {
        return new SendAgentMessageService(tx, conversations, messages, history, outbox, clock, metrics)
                .with(guards.toDomain(), audit).countedBy(insight);
    }

    /** What the webhook calls: every kind of event, many at a time, in one transaction. */
    @Singleton
    IngestEventsUseCase ingestEvents(TransactionPort tx, EventLogPort events, ReceiveMessageService receive,
                                     RecordDeliveryStatusService statuses, RecordAnalysisService analyses,
                                     Clock clock, Insight insight) {
        return new IngestEventsService(tx, events, receive, statuses, analyses, clock, insight);
    }

    @Singleton
    KeepDeadLetterUseCase keepDeadLetter(DeadLetterPort deadLetters, DeadLetterSettings settings) {
        return new KeepDeadLetterService(deadLetters, settings.toDomain());
    }

    @Singleton
    ManageReplyRulesUseCase manageReplyRules(TransactionPort tx, ReplyRulePort rules, ReplyRuleCatalog catalog,
                                             RuleHistoryPort history, Clock clock,
                                             FlowPort flows, AuditTrail audit) {
        return new ManageReplyRulesService(tx, rules, catalog, history, clock, flows, audit);
    }

    @Singleton
    ReleaseConversationUseCase releaseConversation(TransactionPort tx, ConversationPort conversations,
                                                   AuditTrail audit) {
        return new ReleaseConversationService(tx, conversations, audit);
    }

    @Singleton
    ReplayRulesUseCase replayRules(ReplayQueries queries, ReplyRuleCatalog catalog) {
        return new ReplayRulesService(queries, catalog);
    }

    /** How much longer than a send may take a dispatcher's claim on a reply must last. */
    static final Duration LEASE_MARGIN = Duration.ofSeconds(10);

    @Singleton
    DispatchRepliesService dispatchReplies(TransactionPort tx, OutboxPort outbox, MessagePort messages,
                                           ConversationPort conversations, StatusReportPort reports,
                                           StatusHistoryPort history, MessageSender sender,
                                           FallbackTemplates fallbacks, ChannelPolicy channel, Clock clock,
                                           DispatcherSettings settings,
                                           @Value("${parley.acs.timeout}") Duration acsTimeout,
                                           DeliveryMetrics metrics, Insight insight) {
        if (settings.lease().compareTo(acsTimeout.plus(LEASE_MARGIN)) < 0) {
            // a send that outlasts its claim is fenced off, but it is still a second attempt at the same reply
            throw new ConfigurationException("PARLEY_DISPATCHER_LEASE (" + settings.lease() + ") must be at least "
                    + "PARLEY_ACS_TIMEOUT (" + acsTimeout + ") plus " + LEASE_MARGIN.toSeconds() + " s, so that a "
                    + "reply's claim outlasts its send");
        }
        return new DispatchRepliesService(tx, outbox, messages, conversations, reports, history, sender, fallbacks,
                channel, settings.toDomain(), clock, DispatchRepliesService.Sleeper.REAL, metrics).countedBy(insight);
    }
}
