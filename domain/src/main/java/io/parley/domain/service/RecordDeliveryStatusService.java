package io.parley.domain.service;

import io.parley.domain.model.ChannelPolicy;
import io.parley.domain.model.DeliveryStatus;
import io.parley.domain.model.Ids;
import io.parley.domain.model.MessageOrigin;
import io.parley.domain.model.OutboundContent;
import io.parley.domain.model.OutboundMessage;
import io.parley.domain.model.StatusChange;
import io.parley.domain.model.StatusReport;
import io.parley.domain.model.Tally;
import io.parley.domain.port.in.RecordDeliveryStatusCommand;
import io.parley.domain.port.out.FallbackTemplates;
import io.parley.domain.port.out.DeliveryMetrics;
import io.parley.domain.port.out.MessagePort;
import io.parley.domain.port.out.StatusHistoryPort;
import io.parley.domain.port.out.StatusReportPort;
import io.parley.domain.port.out.WorkSignal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Applies a channel's status reports to the messages with their ACS ids, forward only, under row locks so that two
 * reports racing for one message cannot move it backwards. Every report is written to the message's history,
 * applied or not. A report for an id no message has yet is kept.
 *
 * <p>Several reports are taken in together in one transaction: their messages are locked and read once, the reports
 * are applied in order, and each message's final state is written once.
 *
 * <p>Two failures are not the end of a reply ({@link ChannelPolicy} says which codes they are): too many messages
 * to this customer in a short time queues the reply again after a backoff that doubles with each such failure in a
 * row; a closed customer service window queues the channel's fallback template, when one is configured.
 */
public final class RecordDeliveryStatusService {

    static final String EVENT_KIND = "DeliveryStatus";
    static final Duration PAIR_BACKOFF = Duration.ofSeconds(30);
    static final int MAX_PAIR_RETRIES = 6;

    private final MessagePort messages;
    private final StatusReportPort keptReports;
    private final StatusHistoryPort history;
    private final FallbackTemplates fallbackTemplates;
    private final ChannelPolicy channel;
    private final WorkSignal outboxSignal;
    private final DeliveryMetrics metrics;

    public RecordDeliveryStatusService(MessagePort messages,
                                       StatusReportPort keptReports, StatusHistoryPort history,
                                       FallbackTemplates fallbackTemplates, ChannelPolicy channel,
                                       WorkSignal outboxSignal) {
        this(messages, keptReports, history, fallbackTemplates, channel, outboxSignal,
                DeliveryMetrics.NONE);
    }

    public RecordDeliveryStatusService(MessagePort messages,
                                       StatusReportPort keptReports, StatusHistoryPort history,
                                       FallbackTemplates fallbackTemplates, ChannelPolicy channel,
                                       WorkSignal outboxSignal, DeliveryMetrics metrics) {
        this.metrics = metrics;
        this.channel = channel;
        this.messages = messages;
        this.keptReports = keptReports;
        this.history = history;
        this.fallbackTemplates = fallbackTemplates;
        this.outboxSignal = outboxSignal;
    }

    /** Applies reports whose events were just recorded as new at {@code now}, inside the caller's transaction. */
    void takeIn(List<RecordDeliveryStatusCommand> commands, Instant now, TransactionEnd end) {
        if (commands.isEmpty()) {
            return;
        }
        Set<String> ids = new LinkedHashSet<>();
        commands.forEach(c -> ids.add(c.acsMessageId()));
        Map<String, OutboundMessage> current = new HashMap<>(messages.lockOutboundByAcsMessageIds(ids));
        Map<UUID, OutboundMessage> changed = new LinkedHashMap<>();
        List<StatusChange> changes = new ArrayList<>();
        List<StatusReport> unknown = new ArrayList<>();
        List<Map.Entry<OutboundMessage, StatusReport>> failures = new ArrayList<>();
        for (RecordDeliveryStatusCommand command : commands) {
            StatusReport report = new StatusReport(command.eventId(), command.acsMessageId(), command.status(),
                    command.errorCode(), command.errorMessage(), command.reportedAt());
            OutboundMessage message = current.get(command.acsMessageId());
            if (message == null) {
                unknown.add(report);
                continue;
            }
            Optional<OutboundMessage> advanced = advance(message, report, changes, end.tally(), now);
            advanced.ifPresent(m -> {
                current.put(command.acsMessageId(), m);
                changed.put(m.id(), m);
            });
            metrics.statusReported(report.status(), advanced.isPresent());
            if (advanced.isPresent() && report.status() == DeliveryStatus.FAILED) {
                failures.add(Map.entry(message, report));
            }
        }
        if (!changed.isEmpty()) {
            messages.updateOutboundAll(changed.values());
        }
        history.appendAll(changes);
        if (!unknown.isEmpty()) {
            keptReports.keepAll(unknown);
        }
        for (Map.Entry<OutboundMessage, StatusReport> failure : failures) {
            if (followUp(failure.getKey(), failure.getValue(), now)) {
                end.signal(outboxSignal);
            }
        }
    }

    /**
     * Applies {@code report} to the locked {@code message} at {@code now}, writes it to the message's history and
     * counts it in {@code tally}.
     */
    static void apply(MessagePort messages, StatusHistoryPort history, OutboundMessage message,
                      StatusReport report, Tally tally, Instant now) {
        List<StatusChange> changes = new ArrayList<>(1);
        Optional<OutboundMessage> advanced = advance(message, report, changes, tally, now);
        advanced.ifPresent(messages::updateOutbound);
        history.appendAll(changes);
    }

    /**
     * The message after {@code report}, or empty when the report is late or repeated; either way one history entry,
     * and insight counts what it changed.
     */
    private static Optional<OutboundMessage> advance(OutboundMessage message, StatusReport report,
                                                     List<StatusChange> changes, Tally tally, Instant now) {
        OutboundMessage.Transition reported = message.report(report.status(), report.errorCode(),
                report.errorMessage(), report.reportedAt(), StatusChange.Source.CHANNEL);
        changes.add(reported.change());
        tally.delivery(message, reported.change(), now);
        return reported.change().applied() ? Optional.of(reported.message()) : Optional.empty();
    }

    /** Queues what follows a failure that is not the end of a reply; true when something was queued. */
    private boolean followUp(OutboundMessage failed, StatusReport report, Instant now) {
        OutboundMessage next = null;
        ChannelPolicy.Failure failure = channel.classify(report.errorCode());
        if (failure == ChannelPolicy.Failure.RECIPIENT_RATE_LIMITED) {
            int retries = retriesInARow(failed);
            if (retries < MAX_PAIR_RETRIES) {
                Duration backoff = PAIR_BACKOFF.multipliedBy(1L << retries);
                next = failed.followUp(Ids.next(), MessageOrigin.RETRY, failed.content(), now,
                        now.plus(backoff));
            }
        } else if (failure == ChannelPolicy.Failure.CUSTOMER_SERVICE_WINDOW_CLOSED
                && !(failed.content() instanceof OutboundContent.Template)) {
            next = fallbackTemplates.forChannel(failed.channelId())
                    .map(template -> failed.followUp(Ids.next(), MessageOrigin.FALLBACK_TEMPLATE, template,
                            now, now))
                    .orElse(null);
        }
        if (next == null) {
            return false;
        }
        // the follow-up keeps the failed reply's place in the conversation's queue
        messages.saveOutbound(next);
        metrics.replyQueued(next.origin());
        history.append(next.queuedEntry(now, report.errorCode(), "queued again for message " + failed.id() + " ("
                + report.errorCode() + ")"));
        return true;
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
