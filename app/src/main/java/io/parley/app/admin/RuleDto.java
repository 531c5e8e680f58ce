package io.parley.app.admin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.parley.domain.model.FieldError;
import io.parley.domain.model.InteractiveParts;
import io.parley.domain.model.InvalidRuleException;
import io.parley.domain.model.MatchType;
import io.parley.domain.model.ReplyRule;
import io.parley.domain.model.ReplyType;
import io.parley.domain.model.RuleMatch;
import io.parley.domain.model.RuleReply;
import io.parley.domain.model.RuleConditions;
import io.parley.domain.model.RuleLint;
import io.parley.domain.model.WeeklySchedule;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** A rule as the admin API reads and writes it (CONTRACT.md). */
@Serdeable
record RuleDto(@Nullable Long id, @Nullable String name, @Nullable Integer priority, @Nullable Boolean enabled,
               @Nullable Match match, @Nullable Reply reply, @Nullable Conditions conditions,
               @Nullable Long cooldownMinutes, @Nullable Boolean interruptsFlow, @Nullable List<Warning> warnings) {

    /** A lint warning: SHADOWED (can never answer) or DUPLICATE, caused by rule {@code byRuleId}. */
    @Serdeable
    record Warning(String kind, long ruleId, long byRuleId, String message) {

        static Warning of(RuleLint.Warning w) {
            return new Warning(w.kind(), w.ruleId(), w.byRuleId(), w.message());
        }
    }

    RuleDto withWarnings(List<RuleLint.Warning> found) {
        return new RuleDto(id, name, priority, enabled, match, reply, conditions, cooldownMinutes, interruptsFlow,
                found.isEmpty() ? null : found.stream().map(Warning::of).toList());
    }

    /** The same rule without its id (for export). */
    RuleDto withoutId() {
        return new RuleDto(null, name, priority, enabled, match, reply, conditions, cooldownMinutes, interruptsFlow,
                null);
    }

    /**
     * Optional conditions. {@code schedule.openings} maps weekdays (MONDAY...) to "HH:mm-HH:mm" ranges in
     * {@code schedule.timeZone} (IANA); {@code schedule.when} is INSIDE (default) or OUTSIDE business hours.
     */
    @Serdeable
    record Conditions(@Nullable Schedule schedule, @Nullable Boolean newCustomer, @Nullable Integer inactiveDays,
                      @Nullable Set<String> channels, @Nullable Set<String> languages) {
    }

    @Serdeable
    record Schedule(@Nullable String timeZone, @Nullable Map<String, List<String>> openings,
                    @Nullable List<String> holidays, @Nullable String when) {
    }

    static final int DEFAULT_PRIORITY = 100;

    @Serdeable
    record Match(@Nullable String type, @Nullable String value) {
    }

    /**
     * {@code name}/{@code language}/{@code parameters} are the template's; {@code url}/{@code caption} media's;
     * {@code header}, {@code footer}, {@code buttons}, {@code buttonText}, {@code sections} and {@code title} those of
     * the interactive replies (BUTTONS, LIST, URL: CONTRACT.md, "Interactive replies"); {@code flowId} the flow a
     * FLOW reply starts.
     */
    @Serdeable
    record Reply(@Nullable String type, @Nullable String text, @Nullable String url, @Nullable String caption,
                 @Nullable String name, @Nullable String language, @Nullable List<String> parameters,
                 @Nullable Map<String, String> variants, @Nullable String header, @Nullable String footer,
                 @Nullable List<InteractiveDto.Option> buttons, @Nullable String buttonText,
                 @Nullable List<InteractiveDto.Section> sections, @Nullable String title, @Nullable Long flowId) {

        InteractiveParts interactive() {
            return new InteractiveParts(header, footer, InteractiveDto.toDomain(buttons), buttonText,
                    InteractiveDto.toSections(sections), title);
        }

        /** The domain reply of this body, as {@code type} (parsed by the caller, which names the field). */
        RuleReply toDomain(ReplyType type) {
            return new RuleReply(type, text, url, caption, name, language, parameters, variants, interactive(),
                    flowId);
        }

        static Reply of(RuleReply r) {
            return new Reply(r.type().name(), r.text(), r.url(), r.caption(), r.templateName(), r.templateLanguage(),
                    r.templateParameters(), r.variants().isEmpty() ? null : r.variants(), r.interactive().header(),
                    r.interactive().footer(), InteractiveDto.options(r.interactive().buttons()),
                    r.interactive().buttonText(), InteractiveDto.sections(r.interactive().sections()),
                    r.interactive().title(), r.flowId());
        }
    }

    static RuleDto of(ReplyRule rule) {
        return new RuleDto(rule.id(), rule.name(), rule.priority(), rule.enabled(),
                new Match(rule.match().type().name(), rule.match().value()), Reply.of(rule.reply()),
                conditions(rule.conditions()), rule.cooldown() == null ? null : rule.cooldown().toMinutes(),
                rule.interruptsFlow() ? Boolean.TRUE : null, null);
    }

    private static Conditions conditions(RuleConditions c) {
        if (c.isEmpty()) {
            return null;
        }
        Schedule schedule = null;
        if (c.schedule() != null) {
            Map<String, List<String>> openings = new TreeMap<>();
            c.schedule().openings().forEach((day, list) -> openings.put(day.name(),
                    list.stream().map(o -> o.from() + "-" + o.to()).toList()));
            schedule = new Schedule(c.schedule().zone().getId(), openings,
                    c.schedule().holidays().stream().sorted().map(LocalDate::toString).toList(),
                    Boolean.FALSE.equals(c.duringOpening()) ? "OUTSIDE" : "INSIDE");
        }
        return new Conditions(schedule, c.newCustomer(), c.inactiveDays(),
                c.channels().isEmpty() ? null : c.channels(), c.languages().isEmpty() ? null : c.languages());
    }

    /**
     * The domain rule this body describes.
     *
     * @throws InvalidRuleException naming every field that is wrong
     */
    ReplyRule toDomain() {
        List<FieldError> problems = new ArrayList<>();
        MatchType matchType = null;
        ReplyType replyType = null;
        if (match == null) {
            problems.add(new FieldError("match", "is required"));
        } else {
            matchType = parse(MatchType.class, match.type(), "match.type", problems);
        }
        if (reply == null) {
            problems.add(new FieldError("reply", "is required"));
        } else {
            replyType = parse(ReplyType.class, reply.type(), "reply.type", problems);
        }
        if (!problems.isEmpty()) {
            if (name == null || name.isBlank()) {
                problems.add(0, new FieldError("name", "must not be empty"));
            }
            throw new InvalidRuleException(problems);
        }
        RuleConditions parsedConditions = parseConditions(problems);
        if (!problems.isEmpty()) {
            throw new InvalidRuleException(problems);
        }
        return new ReplyRule(id, name, priority == null ? DEFAULT_PRIORITY : priority,
                enabled == null || enabled, new RuleMatch(matchType, match.value()),
                reply.toDomain(replyType),
                parsedConditions, cooldownMinutes == null ? null : Duration.ofMinutes(cooldownMinutes),
                Boolean.TRUE.equals(interruptsFlow));
    }

    private RuleConditions parseConditions(List<FieldError> problems) {
        if (conditions == null) {
            return RuleConditions.NONE;
        }
        WeeklySchedule weekly = null;
        Boolean duringOpening = null;
        Schedule s = conditions.schedule();
        if (s != null) {
            ZoneId zone = ZoneId.of("UTC");
            if (s.timeZone() != null) {
                try {
                    zone = ZoneId.of(s.timeZone().strip());
                } catch (DateTimeException e) {
                    problems.add(new FieldError("conditions.schedule.timeZone", "unknown time zone '"
                            + s.timeZone() + "'; use an IANA name such as Europe/Berlin"));
                }
            }
            Map<DayOfWeek, List<WeeklySchedule.Opening>> openings = new EnumMap<>(DayOfWeek.class);
            if (s.openings() != null) {
                s.openings().forEach((day, ranges) -> {
                    DayOfWeek dayOfWeek;
                    try {
                        dayOfWeek = DayOfWeek.valueOf(day.strip().toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        problems.add(new FieldError("conditions.schedule.openings", "unknown day '" + day
                                + "'; use MONDAY ... SUNDAY"));
                        return;
                    }
                    List<WeeklySchedule.Opening> parsed = new ArrayList<>();
                    for (String range : ranges == null ? List.<String>of() : ranges) {
                        String[] parts = range.split("-");
                        try {
                            parsed.add(new WeeklySchedule.Opening(LocalTime.parse(parts[0].strip()),
                                    LocalTime.parse(parts[1].strip())));
                        } catch (RuntimeException e) {
                            problems.add(new FieldError("conditions.schedule.openings." + dayOfWeek,
                                    "'" + range + "' is not HH:mm-HH:mm"));
                        }
                    }
                    openings.put(dayOfWeek, parsed);
                });
            }
            Set<LocalDate> holidays = new java.util.HashSet<>();
            for (String holiday : s.holidays() == null ? List.<String>of() : s.holidays()) {
                try {
                    holidays.add(LocalDate.parse(holiday.strip()));
                } catch (DateTimeException e) {
                    problems.add(new FieldError("conditions.schedule.holidays", "'" + holiday
                            + "' is not a date (YYYY-MM-DD)"));
                }
            }
            weekly = new WeeklySchedule(zone, openings, holidays);
            if (s.when() != null && !s.when().equalsIgnoreCase("INSIDE") && !s.when().equalsIgnoreCase("OUTSIDE")) {
                problems.add(new FieldError("conditions.schedule.when", "must be INSIDE or OUTSIDE"));
            }
            duringOpening = s.when() == null || !s.when().equalsIgnoreCase("OUTSIDE");
        }
        return new RuleConditions(weekly, duringOpening, conditions.newCustomer(), conditions.inactiveDays(),
                conditions.channels(), conditions.languages());
    }

    static <E extends Enum<E>> E parse(Class<E> type, String value, String field, List<FieldError> problems) {
        if (value == null || value.isBlank()) {
            problems.add(new FieldError(field, "is required; one of " + Arrays.toString(type.getEnumConstants())));
            return null;
        }
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(new FieldError(field, "unknown type '" + value + "'; one of "
                    + Arrays.toString(type.getEnumConstants())));
            return null;
        }
    }
}
