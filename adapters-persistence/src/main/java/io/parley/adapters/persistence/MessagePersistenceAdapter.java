package io.parley.adapters.persistence;

import io.micronaut.transaction.TransactionOperations;
import io.parley.domain.model.DeliveryStatus;
import io.parley.domain.model.InboundMessage;
import io.parley.domain.model.OutboundMessage;
import io.parley.domain.model.StatusReport;
import io.parley.domain.port.out.MessagePort;
import io.parley.domain.port.out.OutboxPort;
import io.parley.domain.port.out.StatusReportPort;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Messages, the outbox built on them, and the status reports kept for messages not known yet. */
@Singleton
class MessagePersistenceAdapter implements MessagePort, OutboxPort, StatusReportPort {

    private final MessageRepository messages;
    private final StatusReportRepository reports;
    private final MessageMapper mapper;
    private final TransactionOperations<Connection> transactions;

    MessagePersistenceAdapter(MessageRepository messages, StatusReportRepository reports, MessageMapper mapper,
                              TransactionOperations<Connection> transactions) {
        this.messages = messages;
        this.reports = reports;
        this.mapper = mapper;
        this.transactions = transactions;
    }

    @Override
    public void saveInbound(InboundMessage message) {
        messages.save(mapper.toEntity(message));
    }

    @Override
    public void saveOutbound(OutboundMessage message) {
        messages.save(mapper.toEntity(message));
    }

    @Override
    public Optional<Instant> lastReplyOfRule(UUID conversationId, long ruleId) {
        return messages.lastReplyOfRule(conversationId, ruleId);
    }

    @Override
    public int ruleRepliesSince(UUID conversationId, Instant since) {
        return (int) messages.ruleRepliesSince(conversationId, since);
    }

    @Override
    public List<String> latestInboundTexts(UUID conversationId, int limit) {
        return messages.latestInbound(conversationId, limit).stream().map(MessageEntity::text).toList();
    }

    @Override
    public Optional<OutboundMessage> lockOutbound(UUID id) {
        return messages.lockOutbound(id).map(mapper::toOutbound);
    }

    @Override
    public Optional<OutboundMessage> lockOutboundByAcsMessageId(String acsMessageId) {
        return messages.lockByAcsMessageId(acsMessageId)
                .filter(e -> "OUTBOUND".equals(e.direction()))
                .map(mapper::toOutbound);
    }

    @Override
    public void updateOutbound(OutboundMessage m) {
        MessageEntity e = mapper.toEntity(m);
        int updated = messages.updateOutbound(m.id(), m.status().name(), m.acsMessageId(),
                truncate(m.errorCode(), 255), truncate(m.errorMessage(), 4000), m.attempts(), m.nextAttemptAt(),
                m.firstAttemptAt(), m.statusUpdatedAt(), m.windowStartedAt(), m.outcomeUncertain(), m.origin().name(),
                e.contentType(), e.text(), e.mediaUrl(), e.templateName(), e.templateLanguage(),
                e.templateParameters());
        if (updated != 1) {
            throw new IllegalStateException("no outbound message " + m.id());
        }
    }

    @Override
    public List<OutboundMessage> claimDue(Instant now, int max, Duration lease) {
        return transactions.executeWrite(status -> {
            List<MessageEntity> due = messages.lockDue(now, max);
            if (due.isEmpty()) {
                return List.of();
            }
            messages.claim(due.stream().map(MessageEntity::id).toList(), now.plus(lease));
            return due.stream().map(mapper::toOutbound).toList();
        });
    }

    @Override
    public int releaseAllClaims() {
        return transactions.executeWrite(status -> messages.releaseAll());
    }

    @Override
    public void release(OutboundMessage message) {
        transactions.executeWrite(status -> messages.release(message.id()));
    }

    @Override
    public void keep(StatusReport report) {
        reports.save(new StatusReportEntity(null, report.eventId(), report.acsMessageId(), report.status().name(),
                report.errorCode(), truncate(report.errorMessage(), 4000), report.reportedAt(), Instant.now()));
    }

    @Override
    public List<StatusReport> kept(int offset, int limit) {
        return reports.newestFirst(offset, limit).stream().map(MessagePersistenceAdapter::toDomain).toList();
    }

    @Override
    public List<StatusReport> takeMatched(int max) {
        List<StatusReportEntity> matched = reports.lockMatched(max);
        if (matched.isEmpty()) {
            return List.of();
        }
        reports.deleteAll(matched);
        return matched.stream().map(MessagePersistenceAdapter::toDomain).toList();
    }

    private static StatusReport toDomain(StatusReportEntity e) {
        return new StatusReport(e.eventId(), e.acsMessageId(), DeliveryStatus.valueOf(e.status()), e.errorCode(),
                e.errorMessage(), e.reportedAt());
    }

    static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
