package io.parley.app.admin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.http.HttpResponse;
import io.parley.domain.model.FieldError;
import io.parley.domain.model.AuditAction;
import io.parley.domain.model.AuditEntry;
import io.parley.domain.port.out.AuditPort;
import io.parley.domain.port.out.TransactionPort;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The audit log ({@code ADMIN}), newest first. Filters: {@code actor} (exactly), {@code action} (one of
 * {@link AuditAction}), {@code from}/{@code to} (ISO instants; from inclusive, to exclusive), {@code before} (an
 * entry's id: the page after it) and {@code limit} (1-1000, default 100).
 */
@Controller("/api/audit")
@ExecuteOn(TaskExecutors.BLOCKING)
class AuditController {

    static final int MAX_LIMIT = 1000;

    private final AuditPort audit;
    private final TransactionPort transactions;

    AuditController(AuditPort audit, TransactionPort transactions) {
        this.audit = audit;
        this.transactions = transactions;
    }

    /** @param words what the action did, in the console's words */
    @Serdeable
    record AuditDto(long id, Instant at, String actor, String action, String words, String target, String detail) {

        static AuditDto of(AuditEntry e) {
            String words = Arrays.stream(AuditAction.values()).filter(a -> a.name().equals(e.action())).findFirst()
                    .map(AuditAction::words).orElse(e.action().toLowerCase(Locale.ROOT).replace('_', ' '));
            return new AuditDto(e.id(), e.at(), e.actor(), e.action(), words, e.target(), e.detail());
        }
    }

    @Get
    HttpResponse<?> list(@QueryValue @Nullable String actor, @QueryValue @Nullable String action,
                        @QueryValue @Nullable Instant from, @QueryValue @Nullable Instant to,
                        @QueryValue @Nullable Long before, @QueryValue(defaultValue = "100") int limit) {
        String kind = null;
        if (action != null && !action.isBlank()) {
            kind = action.trim().toUpperCase(Locale.ROOT);
            String known = kind;
            if (Arrays.stream(AuditAction.values()).noneMatch(a -> a.name().equals(known))) {
                return refused("action", "must be one of " + Arrays.toString(AuditAction.values()));
            }
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            return refused("limit", "must be between 1 and " + MAX_LIMIT);
        }
        String who = actor == null || actor.isBlank() ? null : actor.trim();
        String what = kind;
        return HttpResponse.ok(transactions.inTransaction(() -> audit.find(who, what, from, to, before, limit))
                .stream().map(AuditDto::of).toList());
    }

    /** What the log records, each with the console's words for it (for a filter's menu). */
    @Serdeable
    record ActionDto(String action, String words) {
    }

    @Get("/actions")
    List<ActionDto> actions() {
        return Arrays.stream(AuditAction.values()).map(a -> new ActionDto(a.name(), a.words())).toList();
    }

    private static HttpResponse<ApiErrors> refused(String field, String problem) {
        return HttpResponse.badRequest(ApiErrors.of("the audit log cannot be filtered so",
                List.of(new FieldError(field, problem))));
    }
}
