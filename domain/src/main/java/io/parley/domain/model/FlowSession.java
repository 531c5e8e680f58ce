package io.parley.domain.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Where a conversation is in a flow: kept on the conversation, read and written with it.
 *
 * @param token          changes whenever the session moves to another step: a timer or call made for an earlier
 *                       step finds another token and does nothing
 * @param version        the version of the flow it started on, which it finishes on
 * @param step           the step it waits at
 * @param status         waiting for the customer's answer, or for the business's system
 * @param invalidAnswers invalid answers given at this step so far
 * @param timeoutAt      when the step's own timeout fires (null: none)
 * @param expiresAt      when the session ends by itself: its timeout, or the end of the customer service window
 * @param pending        customer messages that came while a call was in flight, answered once it is back
 */
public record FlowSession(UUID token, long flowId, int version, String step, Status status,
                          Map<String, String> variables, int invalidAnswers, Instant startedAt, Instant waitingSince,
                          Instant timeoutAt, Instant expiresAt, List<PendingAnswer> pending) {

    /** At most this many messages wait for a call; later ones are still stored, but the flow does not see them. */
    public static final int MAX_PENDING = 5;
    public static final int MAX_VARIABLES = 100;

    public enum Status {
        /** Waiting for the customer's answer to an ASK step. */
        ASKING,
        /** Waiting for an HTTP step's call. */
        CALLING
    }

    /** A customer message the flow has yet to see. */
    public record PendingAnswer(UUID messageId, String text, String optionId) {
    }

    public FlowSession {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(status, "status");
        variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables == null ? Map.of() : variables));
        pending = pending == null ? List.of() : List.copyOf(pending);
    }

    public boolean asking() {
        return status == Status.ASKING;
    }

    /** The same session with {@code answer} waiting for the call in flight (dropped past {@link #MAX_PENDING}). */
    public FlowSession withPending(PendingAnswer answer) {
        if (pending.size() >= MAX_PENDING) {
            return this;
        }
        List<PendingAnswer> more = new ArrayList<>(pending);
        more.add(answer);
        return new FlowSession(token, flowId, version, step, status, variables, invalidAnswers, startedAt,
                waitingSince, timeoutAt, expiresAt, more);
    }

    FlowSession withoutFirstPending() {
        return new FlowSession(token, flowId, version, step, status, variables, invalidAnswers, startedAt,
                waitingSince, timeoutAt, expiresAt, pending.subList(1, pending.size()));
    }

    FlowSession withPendingOf(FlowSession earlier) {
        return new FlowSession(token, flowId, version, step, status, variables, invalidAnswers, startedAt,
                waitingSince, timeoutAt, expiresAt, earlier.pending);
    }

    FlowSession afterInvalidAnswer() {
        return new FlowSession(token, flowId, version, step, status, variables, invalidAnswers + 1, startedAt,
                waitingSince, timeoutAt, expiresAt, pending);
    }

    /**
     * The same session with its question's timeout {@code by} later: its clock stands still while a person talks to
     * the customer (an agent's quiet time), so that the question is not timed out behind the person's back.
     */
    public FlowSession timeoutLaterBy(java.time.Duration by) {
        if (timeoutAt == null || by.isNegative() || by.isZero()) {
            return this;
        }
        return new FlowSession(token, flowId, version, step, status, variables, invalidAnswers, startedAt,
                waitingSince, timeoutAt.plus(by), expiresAt, pending);
    }

    /** The same session, looked at again at {@code at} (its window grew, or a person is talking meanwhile). */
    public FlowSession expiringAt(Instant at) {
        return new FlowSession(token, flowId, version, step, status, variables, invalidAnswers, startedAt,
                waitingSince, timeoutAt, at, pending);
    }
}
