package io.parley.domain.service;

import io.parley.domain.model.DeliveryStatus;
import io.parley.domain.model.OutboundMessage;
import io.parley.domain.model.RetryPolicy;
import io.parley.domain.model.StatusReport;
import io.parley.domain.port.in.DispatchRepliesUseCase;
import io.parley.domain.port.out.MessagePort;
import io.parley.domain.port.out.MessageSender;
import io.parley.domain.port.out.OutboxPort;
import io.parley.domain.port.out.SendFailedException;
import io.parley.domain.port.out.StatusReportPort;
import io.parley.domain.port.out.TransactionPort;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The outbox's consumer: claims due replies, sends each through the {@link MessageSender} outside any transaction,
 * then records the receipt or the failure. The attempt (and its first-sent time) is committed before the send, so a
 * crash at any point leads to a resend with the same repeatability id, which ACS answers without sending twice.
 */
public final class DispatchRepliesService implements DispatchRepliesUseCase {

    private static final Logger LOG = Logger.getLogger(DispatchRepliesService.class.getName());

    private final TransactionPort transactions;
    private final OutboxPort outbox;
    private final MessagePort messages;
    private final StatusReportPort keptReports;
    private final MessageSender sender;
    private final RetryPolicy retryPolicy;
    private final int batchSize;
    private final Duration lease;
    private final Clock clock;

    public DispatchRepliesService(TransactionPort transactions, OutboxPort outbox, MessagePort messages,
                                  StatusReportPort keptReports, MessageSender sender, RetryPolicy retryPolicy,
                                  int batchSize, Duration lease, Clock clock) {
        this.transactions = transactions;
        this.outbox = outbox;
        this.messages = messages;
        this.keptReports = keptReports;
        this.sender = sender;
        this.retryPolicy = retryPolicy;
        this.batchSize = batchSize;
        this.lease = lease;
        this.clock = clock;
    }

    @Override
    public int dispatchDue() {
        List<OutboundMessage> claimed = outbox.claimDue(clock.instant(), batchSize, lease);
        boolean accepted = false;
        for (OutboundMessage message : claimed) {
            accepted |= dispatch(message);
        }
        if (accepted) {
            reconcileKeptStatuses();
        }
        return claimed.size();
    }

    private boolean dispatch(OutboundMessage claimed) {
        OutboundMessage attempt = claimed.attempt(clock.instant());
        transactions.inTransaction(() -> {
            messages.updateOutbound(attempt);
            return null;
        });
        try {
            String receipt = sender.send(attempt);
            return record(attempt, receipt);
        } catch (SendFailedException failure) {
            recordFailure(attempt, failure);
            return false;
        } catch (RuntimeException bug) {
            // a sender that throws something unexpected must not stop the dispatcher; retry like a transient fault
            LOG.log(Level.WARNING, "sender failed unexpectedly for message " + attempt.id(), bug);
            recordFailure(attempt, new SendFailedException(true, "SENDER_ERROR", String.valueOf(bug), null, bug));
            return false;
        } finally {
            outbox.release(attempt);
        }
    }

    private boolean record(OutboundMessage attempt, String receipt) {
        Instant now = clock.instant();
        return transactions.inTransaction(() -> {
            Optional<OutboundMessage> current = messages.lockOutbound(attempt.id());
            if (current.isEmpty() || current.get().status() != DeliveryStatus.QUEUED) {
                return false; // someone else recorded this attempt's outcome first
            }
            messages.updateOutbound(current.get().accepted(receipt, now));
            return true;
        });
    }

    private void recordFailure(OutboundMessage attempt, SendFailedException failure) {
        Instant now = clock.instant();
        transactions.inTransaction(() -> {
            Optional<OutboundMessage> current = messages.lockOutbound(attempt.id());
            if (current.isEmpty() || current.get().status() != DeliveryStatus.QUEUED) {
                return null;
            }
            OutboundMessage message = current.get();
            Optional<Instant> next = failure.isTransient()
                    ? retryPolicy.nextAttempt(message.createdAt(), message.attempts(), now,
                    failure.retryAfter().orElse(null), () -> ThreadLocalRandom.current().nextDouble())
                    : Optional.empty();
            OutboundMessage updated = next
                    .map(at -> message.retryAt(at, failure.code(), failure.getMessage()))
                    .orElseGet(() -> message.advance(DeliveryStatus.FAILED, failure.code(),
                            describe(failure), now).orElseThrow());
            messages.updateOutbound(updated);
            if (updated.status() == DeliveryStatus.FAILED) {
                LOG.warning(() -> "reply " + message.id() + " failed after " + message.attempts() + " attempt(s): "
                        + failure.code() + " " + failure.getMessage());
            }
            return null;
        });
    }

    private static String describe(SendFailedException failure) {
        return failure.isTransient()
                ? "gave up retrying: " + failure.getMessage()
                : failure.getMessage();
    }

    @Override
    public int recoverAsOnlyInstance() {
        int released = outbox.releaseAllClaims();
        if (released > 0) {
            LOG.info(() -> "took over " + released + " reply claim(s) left by a previous run");
        }
        return released;
    }

    @Override
    public int reconcileKeptStatuses() {
        return transactions.inTransaction(() -> {
            List<StatusReport> matched = keptReports.takeMatched(batchSize);
            for (StatusReport report : matched) {
                messages.lockOutboundByAcsMessageId(report.acsMessageId())
                        .ifPresent(message -> RecordDeliveryStatusService.apply(messages, message, report));
            }
            return matched.size();
        });
    }
}
