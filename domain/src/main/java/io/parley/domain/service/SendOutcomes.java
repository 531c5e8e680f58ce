package io.parley.domain.service;

import io.parley.domain.model.DeliveryStatus;
import io.parley.domain.model.OutboundMessage;
import io.parley.domain.model.RetryPolicy;
import io.parley.domain.model.SendOutcome;
import io.parley.domain.model.StatusChange;
import io.parley.domain.model.StatusReport;
import io.parley.domain.model.Tally;
import io.parley.domain.port.in.DispatchRepliesUseCase.SentReply;
import io.parley.domain.port.out.MessagePort;
import io.parley.domain.port.out.OutboxPort;
import io.parley.domain.port.out.StatusHistoryPort;
import io.parley.domain.port.out.StatusReportPort;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What the ends of sends do to their replies, inside the caller's transaction: a receipt makes a reply ACCEPTED
 * (with the statuses that beat it here), a failure queues it for a later attempt or fails it, a send not tried
 * puts it back as it was. Each write ends the reply's claim.
 *
 * <p>Fenced: a failure or a skip is recorded only if the reply still carries that attempt. A send that outlasted
 * its claim, while another dispatcher claimed the reply again, would otherwise overwrite the newer attempt while it
 * is in flight; its receipt still counts, since both sent the same repeatable request.
 */
final class SendOutcomes {

    private final MessagePort messages;
    private final OutboxPort outbox;
    private final StatusReportPort keptReports;
    private final StatusHistoryPort history;
    private final RetryPolicy retryPolicy;

    SendOutcomes(MessagePort messages, OutboxPort outbox, StatusReportPort keptReports, StatusHistoryPort history,
                 RetryPolicy retryPolicy) {
        this.messages = messages;
        this.outbox = outbox;
        this.keptReports = keptReports;
        this.history = history;
        this.retryPolicy = retryPolicy;
    }

    /**
     * Records {@code done}, counting what changed in {@code tally}; adds a line to {@code warnings} for each reply
     * that failed for good or was fenced.
     */
    void record(List<SentReply> done, Instant now, List<String> warnings, Tally tally) {
        if (done.isEmpty()) {
            return;
        }
        Map<UUID, OutboundMessage> current = messages.lockOutbound(
                done.stream().map(s -> s.reply().attempt().id()).toList());
        List<OutboundMessage> updates = new ArrayList<>(done.size());
        List<StatusChange> changes = new ArrayList<>(done.size());
        Map<String, Integer> acceptedAt = new HashMap<>();
        for (SentReply sent : done) {
            OutboundMessage message = current.get(sent.reply().attempt().id());
            if (message == null || message.status() != DeliveryStatus.QUEUED) {
                continue; // someone else recorded this attempt's outcome first
            }
            SendOutcome outcome = sent.outcome();
            if (!(outcome instanceof SendOutcome.Accepted)
                    && message.attempts() != sent.reply().attempt().attempts()) {
                warnings.add("ignored the outcome of an attempt at reply " + message.id() + " that outlasted its "
                        + "claim (PARLEY_DISPATCHER_LEASE); attempt " + message.attempts() + " holds it now");
                continue;
            }
            if (outcome instanceof SendOutcome.NotTried) {
                updates.add(sent.reply().claimed());
            } else if (outcome instanceof SendOutcome.Accepted accepted) {
                OutboundMessage.Transition taken = message.accept(accepted.receipt(), now);
                acceptedAt.put(accepted.receipt(), updates.size());
                updates.add(taken.message());
                changes.add(taken.change());
                tally.delivery(message, taken.change(), now);
            } else {
                Failure failure = Failure.of(outcome);
                OutboundMessage.Transition after = afterFailure(message, failure, now);
                updates.add(after.message());
                changes.add(after.change());
                tally.delivery(message, after.change(), now);
                boolean givenUp = after.message().status() == DeliveryStatus.FAILED;
                if (givenUp) {
                    warnings.add("reply " + message.id() + " failed after " + message.attempts() + " attempt(s): "
                            + failure.code() + " " + failure.message());
                }
            }
        }
        if (!acceptedAt.isEmpty()) {
            // statuses that beat their receipt here were kept: they apply now, in the same write
            for (StatusReport early : keptReports.takeFor(acceptedAt.keySet())) {
                int at = acceptedAt.get(early.acsMessageId());
                OutboundMessage before = updates.get(at);
                OutboundMessage.Transition reported = before.report(early.status(), early.errorCode(),
                        early.errorMessage(), early.reportedAt(), StatusChange.Source.CHANNEL);
                updates.set(at, reported.message());
                changes.add(reported.change());
                tally.delivery(before, reported.change(), now);
            }
        }
        outbox.record(updates);
        history.appendAll(changes);
    }

    /** Queued again for a later attempt, or failed when the failure is permanent or retrying has run out. */
    private OutboundMessage.Transition afterFailure(OutboundMessage message, Failure failure, Instant now) {
        Optional<Instant> next = failure.retryable()
                ? retryPolicy.nextAttempt(message.createdAt(), message.attempts(), now, failure.retryAfter(),
                () -> ThreadLocalRandom.current().nextDouble())
                : Optional.empty();
        return next
                .map(at -> message.retry(at, failure.code(), failure.message(), failure.uncertain(), now))
                .orElseGet(() -> message.report(DeliveryStatus.FAILED, failure.code(), failure.describe(), now,
                        StatusChange.Source.DISPATCHER));
    }

    /** The failed outcomes, read alike. */
    private record Failure(String code, String message, Duration retryAfter, boolean retryable, boolean uncertain) {

        static Failure of(SendOutcome outcome) {
            if (outcome instanceof SendOutcome.Retry retry) {
                return new Failure(retry.code(), retry.message(), retry.retryAfter(), true, false);
            }
            if (outcome instanceof SendOutcome.Unknown unknown) {
                return new Failure(unknown.code(), unknown.message(), unknown.retryAfter(), true, true);
            }
            SendOutcome.Refused refused = (SendOutcome.Refused) outcome;
            return new Failure(refused.code(), refused.message(), null, false, false);
        }

        String describe() {
            return retryable ? "gave up retrying: " + message : message;
        }
    }
}
