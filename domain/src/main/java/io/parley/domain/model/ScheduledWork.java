package io.parley.domain.model;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Work that waits or leaves the process, kept in a durable queue with a due time: a flow question's timeout, an
 * HTTP step's call, the deadline of an answer that waits for its analysis. Claimed with a lease like the outbox, so that one instance does it, once, and a killed
 * instance's claim passes to another when the lease ends.
 *
 * @param id           also the call's {@code Idempotency-Key}: the same on every attempt
 * @param token        the flow session's token when it was scheduled: the work does nothing once the session moved
 * @param attempts     attempts made so far (calls)
 * @param call         the call to make, for {@link Kind#FLOW_CALL}
 * @param firstDueAt   when it first came due: retries stop 30 seconds after it
 */
public record ScheduledWork(UUID id, Kind kind, UUID conversationId, UUID token, Instant dueAt, int attempts,
                            HttpCall call, Instant firstDueAt, String lastProblem) {

    public enum Kind {
        /** A flow question's timeout, or the end of its session. */
        FLOW_TIMEOUT,
        /** An HTTP step's call. */
        FLOW_CALL,
        /** The deadline of a message's answer that waits for its analysis (the token is the message's id). */
        ANALYSIS_WAIT
    }

    public ScheduledWork {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(dueAt, "dueAt");
        if (kind == Kind.FLOW_CALL) {
            Objects.requireNonNull(call, "call");
        }
    }

    public static ScheduledWork timeout(UUID conversationId, FlowSession session) {
        return new ScheduledWork(Ids.next(), Kind.FLOW_TIMEOUT, conversationId, session.token(),
                session.expiresAt(), 0, null, session.expiresAt(), null);
    }

    public static ScheduledWork call(UUID conversationId, FlowSession session, HttpCall call, Instant now) {
        return new ScheduledWork(Ids.next(), Kind.FLOW_CALL, conversationId, session.token(), now, 0, call,
                now, null);
    }

    /** The deadline of {@code held}'s answer: then it is decided with whatever is known. */
    public static ScheduledWork analysisDeadline(UUID conversationId, HeldMessage held) {
        return new ScheduledWork(Ids.next(), Kind.ANALYSIS_WAIT, conversationId, held.messageId(),
                held.deadline(), 0, null, held.deadline(), null);
    }

    public ScheduledWork retryAt(Instant next, String problem) {
        return new ScheduledWork(id, kind, conversationId, token, next, attempts + 1, call, firstDueAt, problem);
    }
}
