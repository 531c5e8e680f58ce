package io.parley.domain.service;

import io.parley.domain.model.OutboundMessage;
import io.parley.domain.model.StatusReport;
import io.parley.domain.port.in.RecordDeliveryStatusCommand;
import io.parley.domain.port.in.RecordDeliveryStatusUseCase;
import io.parley.domain.port.out.EventLogPort;
import io.parley.domain.port.out.MessagePort;
import io.parley.domain.port.out.StatusReportPort;
import io.parley.domain.port.out.TransactionPort;
import java.time.Clock;
import java.util.Optional;

/**
 * Applies a channel's status report to the message with that ACS id, forward only, under a row lock so that two
 * reports racing for one message cannot move it backwards. A report for an id no message has yet is kept.
 */
public final class RecordDeliveryStatusService implements RecordDeliveryStatusUseCase {

    static final String EVENT_KIND = "DeliveryStatus";

    private final TransactionPort transactions;
    private final EventLogPort events;
    private final MessagePort messages;
    private final StatusReportPort keptReports;
    private final Clock clock;

    public RecordDeliveryStatusService(TransactionPort transactions, EventLogPort events, MessagePort messages,
                                       StatusReportPort keptReports, Clock clock) {
        this.transactions = transactions;
        this.events = events;
        this.messages = messages;
        this.keptReports = keptReports;
        this.clock = clock;
    }

    @Override
    public Outcome record(RecordDeliveryStatusCommand command) {
        return transactions.inTransaction(() -> {
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
            return apply(messages, message.get(), report);
        });
    }

    /** Applies {@code report} to the locked {@code message}. */
    static Outcome apply(MessagePort messages, OutboundMessage message, StatusReport report) {
        return message.advance(report.status(), report.errorCode(), report.errorMessage(), report.reportedAt())
                .map(updated -> {
                    messages.updateOutbound(updated);
                    return Outcome.APPLIED;
                })
                .orElse(Outcome.STALE);
    }
}
