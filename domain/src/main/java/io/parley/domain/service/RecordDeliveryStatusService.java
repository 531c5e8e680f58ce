package io.parley.domain.service;

import io.parley.domain.model.DeliveryStatus;
import io.parley.domain.model.MessageOrigin;
import io.parley.domain.model.OutboundContent;
import io.parley.domain.model.OutboundMessage;
import io.parley.domain.model.StatusChange;
import io.parley.domain.model.StatusReport;
import io.parley.domain.port.in.RecordDeliveryStatusCommand;
import io.parley.domain.port.in.RecordDeliveryStatusUseCase;
import io.parley.domain.port.out.EventLogPort;
import io.parley.domain.port.out.FallbackTemplates;
import io.parley.domain.port.out.DeliveryMetrics;
import io.parley.domain.port.out.MessagePort;
import io.parley.domain.port.out.StatusHistoryPort;
import io.parley.domain.port.out.StatusReportPort;
import io.parley.domain.port.out.TransactionPort;
import io.parley.domain.port.out.WorkSignal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Applies a channel's status report to the message with that ACS id, forward only, under a row lock so that two
 * reports racing for one message cannot move it backwards. Every report is written to the message's history,
 * applied or not. A report for an id no message has yet is kept.
 *
 * <p>Two WhatsApp failures are not the end of a reply: 131056 (too many messages to this customer in a short time)
 * queues the reply again after a backoff that doubles with each such failure in a row; 131047 (the customer service
 * window has closed) queues the channel's fallback template, when one is configured.
 */
public final class RecordDeliveryStatusService implements RecordDeliveryStatusUseCase {

    static final String EVENT_KIND = "DeliveryStatus";
    static final String PAIR_RATE_LIMIT = "131056";
    static final String REENGAGEMENT_REQUIRED = "131047";
    static final Duration PAIR_BACKOFF = Duration.ofSeconds(30);
    static final int MAX_PAIR_RETRIES = 6;

    private final TransactionPort transactions;
    private final EventLogPort events;
    private final MessagePort messages;
    private final StatusReportPort keptReports;
    private final StatusHistoryPort history;
    private final FallbackTemplates fallbackTemplates;
    private final WorkSignal outboxSignal;
    private final Clock clock;
    private final DeliveryMetrics metrics;

    public RecordDeliveryStatusService(TransactionPort transactions, EventLogPort events, MessagePort messages,
                                       StatusReportPort keptReports, StatusHistoryPort history,
                                       FallbackTemplates fallbackTemplates, WorkSignal outboxSignal, Clock clock) {
        this(transactions, events, messages, keptReports, history, fallbackTemplates, outboxSignal, clock, DeliveryMetrics.NONE);
    }

    public RecordDeliveryStatusService(TransactionPort transactions, EventLogPort events, MessagePort messages,
                                       StatusReportPort keptReports, StatusHistoryPort history,
                                       FallbackTemplates fallbackTemplates, WorkSignal outboxSignal, Clock clock,
            DeliveryMetrics metrics) {
        this.metrics = metrics;
        this.transactions = transactions;
        this.events = events;
        this.messages = messages;
        this.keptReports = keptReports;
        this.history = history;
        this.fallbackTemplates = fallbackTemplates;
        this.outboxSignal = outboxSignal;
        this.clock = clock;
    }

    @Override
    public Outcome record(RecordDeliveryStatusCommand command) {
        Outcome outcome = transactions.inTransaction(() -> {
            if (!events.recordIfNew(command.eventId(), EVENT_KIND, clock.instant())) {
                return Outcome.DUPLICATE;
            }
            StatusReport report = new StatusReport(command.eventId(), command.acsMessageId(), command.status(),
                    command.errorCode(), command.errorMessage(), command.reportedAt());
            Optional<OutboundMessage> message = messages.lockOutboundByAcsMessageId(command.acsMessageId());
            if (message.isEmpty()) {
                keptReports.keep(report);
                return Outcome.KEPT;
            }
            Outcome applied = apply(messages, history, message.get(), report);
            metrics.statusReported(report.status(), applied == Outcome.APPLIED);
            if (applied == Outcome.APPLIED && report.status() == DeliveryStatus.FAILED) {
                followUp(message.get(), report);
            }
            return applied;
        });
        return outcome;
    }

    /** Applies {@code report} to the locked {@code message} and writes it to the message's history. */
    static Outcome apply(MessagePort messages, StatusHistoryPort history, OutboundMessage message,
                         StatusReport report) {
        Optional<OutboundMessage> advanced = message.advance(report.status(), report.errorCode(),
                report.errorMessage(), report.reportedAt());
        advanced.ifPresent(messages::updateOutbound);
        history.append(new StatusChange(message.id(), report.status(), report.reportedAt(), report.errorCode(),
                report.errorMessage(), "channel", advanced.isPresent()));
        return advanced.isPresent() ? Outcome.APPLIED : Outcome.STALE;
    }

    private void followUp(OutboundMessage failed, StatusReport report) {
        Instant now = clock.instant();
        OutboundMessage next = null;
        if (PAIR_RATE_LIMIT.equals(report.errorCode())) {
            int retries = retriesInARow(failed);
            if (retries < MAX_PAIR_RETRIES) {
                Duration backoff = PAIR_BACKOFF.multipliedBy(1L << retries);
                next = failed.followUp(UUID.randomUUID(), MessageOrigin.RETRY, failed.content(), now,
                        now.plus(backoff));
            }
        } else if (REENGAGEMENT_REQUIRED.equals(report.errorCode())
                && !(failed.content() instanceof OutboundContent.Template)) {
            next = fallbackTemplates.forChannel(failed.channelId())
                    .map(template -> failed.followUp(UUID.randomUUID(), MessageOrigin.FALLBACK_TEMPLATE, template,
                            now, now))
                    .orElse(null);
        }
        if (next != null) {
            // keep the conversation's order: the follow-up takes the failed reply's place in the queue
            OutboundMessage queued = new OutboundMessage(next.id(), next.conversationId(), next.channelId(),
                    next.recipientId(), next.inReplyTo(), next.ruleId(), next.origin(), next.replaces(),
                    next.content(), next.status(), null, null, null, 0, next.nextAttemptAt(), null, null, false,
                    failed.createdAt(), now);
            messages.saveOutbound(queued);
            metrics.replyQueued(queued.origin());
            history.append(new StatusChange(queued.id(), DeliveryStatus.QUEUED, now, report.errorCode(),
                    "queued again for message " + failed.id() + " (" + report.errorCode() + ")", "outbox", true));
            outboxSignal.workQueued();
        }
    }

    /** How many pair-rate-limit retries precede this message in its chain. */
    private int retriesInARow(OutboundMessage message) {
        int count = 0;
        OutboundMessage current = message;
        while (current.origin() == MessageOrigin.RETRY && current.replaces() != null && count < MAX_PAIR_RETRIES) {
            count++;
            Optional<OutboundMessage> previous = messages.lockOutbound(current.replaces());
            if (previous.isEmpty()) {
                break;
            }
            current = previous.get();
        }
        return count;
    }
}
