package io.parley.app.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.parley.domain.model.FieldError;
import io.parley.domain.model.InvalidRuleException;
import io.parley.domain.port.out.InsightQueries;
import io.parley.domain.service.InsightReports;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What business users ask of Parley (every role may read it): {@code /summary}, {@code /rules},
 * {@code /unanswered}, {@code /flows/{id}} and {@code /timeseries}. Each takes {@code from} and {@code to} (an ISO
 * instant, or a day such as {@code 2026-12-01} meaning its start in UTC; default the last 7 days) and an optional
 * {@code channelId}. Counts are kept per hour, so a range covers whole hours; each answer says which.
 */
@Controller("/api/analytics")
@ExecuteOn(TaskExecutors.BLOCKING)
class AnalyticsController {

    private final InsightReports reports;

    AnalyticsController(InsightReports reports) {
        this.reports = reports;
    }

    @Serdeable
    record RangeDto(Instant from, Instant to, @Nullable String channelId) {
        static RangeDto of(InsightReports.Range r) {
            return new RangeDto(r.from(), r.to(), r.channelId());
        }
    }

    @Serdeable
    record AnsweredDto(long rule, long flow, long fallback) {
    }

    @Serdeable
    record FirstResponseDto(@Nullable Double p50, @Nullable Double p90, long count) {
    }

    @Serdeable
    record DeliveryDto(long accepted, long sent, long delivered, long read, long failed) {
    }

    /** A code of failed messages, how many, and what it means (null when Parley does not know the code). */
    @Serdeable
    record FailureDto(String code, long count, @Nullable String meaning) {
    }

    /** What else became of the messages that asked for no automatic answer or got none from the bot. */
    @Serdeable
    record OtherDto(long consent, long withPeople, long silenced, long noAnswerNeeded) {
    }

    @Serdeable
    record SummaryDto(Instant from, Instant to, @Nullable String channelId, long received, AnsweredDto answered,
                      long unanswered, long handoffs, long agentMessages, long optOuts, long optIns,
                      @Nullable Double botShare, FirstResponseDto firstResponseSeconds, DeliveryDto delivery,
                      @JsonInclude(JsonInclude.Include.ALWAYS) Map<String, Long> failuresByCode,
                      @JsonInclude(JsonInclude.Include.ALWAYS) List<FailureDto> failures, OtherDto other) {
    }

    @Get("/summary")
    HttpResponse<?> summary(@QueryValue @Nullable String from, @QueryValue @Nullable String to,
                            @QueryValue @Nullable String channelId) {
        return answer(() -> {
            InsightReports.Summary s = reports.summary(range(from, to, channelId));
            List<FailureDto> failures = s.failuresByCode().entrySet().stream()
                    .map(e -> new FailureDto(e.getKey(), e.getValue(), FailureMeanings.of(e.getKey()))).toList();
            return new SummaryDto(s.range().from(), s.range().to(), s.range().channelId(), s.received(),
                    new AnsweredDto(s.answered().rule(), s.answered().flow(), s.answered().fallback()),
                    s.unanswered(), s.handoffs(), s.agentMessages(), s.optOuts(), s.optIns(), s.botShare(),
                    new FirstResponseDto(round(s.firstResponse().p50()), round(s.firstResponse().p90()),
                            s.firstResponse().count()),
                    new DeliveryDto(s.delivery().accepted(), s.delivery().sent(), s.delivery().delivered(),
                            s.delivery().read(), s.delivery().failed()),
                    s.failuresByCode(), failures,
                    new OtherDto(s.consent(), s.withPeople(), s.silenced(), s.noAnswerNeeded()));
        });
    }

    @Serdeable
    record RuleDto(long ruleId, String name, long replies, boolean deleted) {
    }

    @Get("/rules")
    HttpResponse<?> rules(@QueryValue @Nullable String from, @QueryValue @Nullable String to,
                          @QueryValue @Nullable String channelId) {
        return answer(() -> reports.rules(range(from, to, channelId)).stream()
                .map(r -> new RuleDto(r.ruleId(), r.name(), r.replies(), r.deleted())).toList());
    }

    /**
     * @param byFallback      how many of them a fallback answered
     * @param nothingAnswered how many nothing answered
     */
    @Serdeable
    record UnansweredDto(String text, long count, Instant lastAt, String key, long byFallback, long nothingAnswered) {
    }

    static final int DEFAULT_UNANSWERED = 50;

    @Get("/unanswered")
    HttpResponse<?> unanswered(@QueryValue @Nullable String from, @QueryValue @Nullable String to,
                               @QueryValue @Nullable String channelId, @QueryValue @Nullable String limit) {
        return answer(() -> {
            int n = DEFAULT_UNANSWERED;
            if (limit != null && !limit.isBlank()) {
                try {
                    n = Integer.parseInt(limit.strip());
                } catch (NumberFormatException e) {
                    n = -1;
                }
                if (n < 1 || n > InsightReports.MAX_UNANSWERED) {
                    throw new InvalidRuleException(List.of(new FieldError("limit", "must be a number from 1 to "
                            + InsightReports.MAX_UNANSWERED)));
                }
            }
            List<InsightQueries.UnansweredGroup> groups = reports.unanswered(range(from, to, channelId), n);
            return groups.stream().map(g -> new UnansweredDto(g.text(), g.count(), g.lastAt(), g.key(),
                    g.byFallback(), g.count() - g.byFallback())).toList();
        });
    }

    @Serdeable
    record StepDto(String id, @Nullable String type, long entered, long invalid, long timedOut, long left) {
    }

    @Serdeable
    record FunnelDto(long flowId, String name, Instant from, Instant to, @Nullable String channelId, long started,
                     long completed, long handedOff, @JsonInclude(JsonInclude.Include.ALWAYS) List<StepDto> steps) {
    }

    @Get("/flows/{id}")
    HttpResponse<?> flow(@PathVariable long id, @QueryValue @Nullable String from, @QueryValue @Nullable String to,
                         @QueryValue @Nullable String channelId) {
        InsightReports.Range range;
        try {
            range = range(from, to, channelId);
        } catch (InvalidRuleException e) {
            return refused(e);
        }
        return reports.flow(id, range).<HttpResponse<?>>map(f -> HttpResponse.ok(new FunnelDto(f.flowId(), f.name(),
                range.from(), range.to(), range.channelId(), f.started(), f.completed(), f.handedOff(),
                f.steps().stream().map(s -> new StepDto(s.id(), s.type(), s.entered(), s.invalid(), s.timedOut(),
                        s.left())).toList())))
                .orElseGet(() -> HttpResponse.status(HttpStatus.NOT_FOUND).body(ApiErrors.of("no flow " + id)));
    }

    @Serdeable
    record PointDto(Instant at, @Nullable Double value) {
    }

    @Serdeable
    record SeriesDto(String metric, String bucket, String zone, Instant from, Instant to, @Nullable String channelId,
                     @JsonInclude(JsonInclude.Include.ALWAYS) List<PointDto> points) {
    }

    @Get("/timeseries")
    HttpResponse<?> timeseries(@QueryValue @Nullable String metric, @QueryValue @Nullable String bucket,
                               @QueryValue @Nullable String zone, @QueryValue @Nullable String from,
                               @QueryValue @Nullable String to, @QueryValue @Nullable String channelId) {
        return answer(() -> {
            List<FieldError> errors = new ArrayList<>();
            String names = Arrays.stream(InsightReports.SeriesMetric.values())
                    .map(InsightReports.SeriesMetric::apiName).collect(Collectors.joining(", "));
            InsightReports.SeriesMetric m = metric == null || metric.isBlank() ? null
                    : InsightReports.SeriesMetric.ofApiName(metric).orElse(null);
            if (m == null) {
                errors.add(new FieldError("metric", "must be one of " + names));
            }
            InsightReports.Bucket b = InsightReports.Bucket.DAY;
            if (bucket != null && !bucket.isBlank()) {
                b = Arrays.stream(InsightReports.Bucket.values())
                        .filter(v -> v.name().equalsIgnoreCase(bucket.strip())).findFirst().orElse(null);
                if (b == null) {
                    errors.add(new FieldError("bucket", "must be hour or day"));
                }
            }
            ZoneId z = ZoneOffset.UTC;
            if (zone != null && !zone.isBlank()) {
                try {
                    z = ZoneId.of(zone.strip());
                } catch (DateTimeException e) {
                    errors.add(new FieldError("zone", "must be a time zone such as Europe/Paris or UTC"));
                }
            }
            if (!errors.isEmpty()) {
                throw new InvalidRuleException(errors);
            }
            InsightReports.Range r = range(from, to, channelId);
            InsightReports.Series s = reports.series(m, b, z, r);
            return new SeriesDto(m.apiName(), b.name().toLowerCase(Locale.ROOT), z.getId(), r.from(), r.to(),
                    r.channelId(), s.points().stream().map(p -> new PointDto(p.at(), round(p.value()))).toList());
        });
    }

    /** The range of the query, with each wrong part named. */
    private InsightReports.Range range(String from, String to, String channelId) {
        List<FieldError> errors = new ArrayList<>();
        Instant start = instant("from", from, errors);
        Instant end = instant("to", to, errors);
        if (!errors.isEmpty()) {
            throw new InvalidRuleException(errors);
        }
        return reports.range(start, end, channelId);
    }

    private static Instant instant(String field, String value, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        try {
            return v.length() == 10 ? LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(v);
        } catch (DateTimeException e) {
            errors.add(new FieldError(field, "must be an instant such as 2026-12-01T00:00:00Z, or a day such as"
                    + " 2026-12-01"));
            return null;
        }
    }

    /** Ratios and seconds to four decimals: enough for a chart, short on the wire. */
    private static Double round(Double value) {
        return value == null ? null : Math.round(value * 10_000) / 10_000.0;
    }

    @FunctionalInterface
    private interface Query {
        Object run();
    }

    private static HttpResponse<?> answer(Query query) {
        try {
            return HttpResponse.ok(query.run());
        } catch (InvalidRuleException e) {
            return refused(e);
        }
    }

    private static HttpResponse<?> refused(InvalidRuleException e) {
        return HttpResponse.badRequest(ApiErrors.of("the query is not valid", e.errors()));
    }
}
