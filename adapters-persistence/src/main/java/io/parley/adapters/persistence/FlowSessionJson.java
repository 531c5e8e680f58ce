package io.parley.adapters.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.parley.domain.model.FlowSession;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A conversation's flow session as stored in {@code conversation.flow_session}. */
@Serdeable
record FlowSessionJson(UUID token, long flowId, int version, String step, String status,
                       @Nullable Map<String, String> variables, int invalidAnswers, Instant startedAt,
                       Instant waitingSince, @Nullable Instant timeoutAt, @Nullable Instant expiresAt,
                       @Nullable List<Pending> pending) {

    @Serdeable
    record Pending(@Nullable UUID messageId, @Nullable String text, @Nullable String optionId) {
    }

    static FlowSessionJson of(FlowSession s) {
        return new FlowSessionJson(s.token(), s.flowId(), s.version(), s.step(), s.status().name(), s.variables(),
                s.invalidAnswers(), s.startedAt(), s.waitingSince(), s.timeoutAt(), s.expiresAt(),
                s.pending().isEmpty() ? null : s.pending().stream()
                        .map(p -> new Pending(p.messageId(), p.text(), p.optionId())).toList());
    }

    FlowSession toDomain() {
        return new FlowSession(token, flowId, version, step, FlowSession.Status.valueOf(status), variables,
                invalidAnswers, startedAt, waitingSince, timeoutAt, expiresAt, pending == null ? List.of()
                : pending.stream().map(p -> new FlowSession.PendingAnswer(p.messageId(), p.text(), p.optionId()))
                .toList());
    }
}
