package io.parley.adapters.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.parley.domain.model.RuleConditions;
import io.parley.domain.model.WeeklySchedule;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** A rule's conditions as stored in {@code reply_rule.conditions}. */
@Serdeable
record RuleConditionsJson(@Nullable Schedule schedule, @Nullable Boolean duringOpening, @Nullable Boolean newCustomer,
                          @Nullable Integer inactiveDays, @Nullable Set<String> channels,
                          @Nullable Set<String> languages) {

    @Serdeable
    record Schedule(String zone, Map<String, List<String>> openings, @Nullable Set<String> holidays) {
    }

    static RuleConditionsJson of(RuleConditions c) {
        Schedule schedule = null;
        if (c.schedule() != null) {
            Map<String, List<String>> openings = new TreeMap<>();
            c.schedule().openings().forEach((day, list) -> openings.put(day.name(),
                    list.stream().map(o -> o.from() + "-" + o.to()).toList()));
            schedule = new Schedule(c.schedule().zone().getId(), openings,
                    c.schedule().holidays().stream().map(LocalDate::toString).collect(Collectors.toSet()));
        }
        return new RuleConditionsJson(schedule, c.duringOpening(), c.newCustomer(), c.inactiveDays(), c.channels(),
                c.languages());
    }

    RuleConditions toDomain() {
        WeeklySchedule weekly = null;
        if (schedule != null) {
            Map<DayOfWeek, List<WeeklySchedule.Opening>> openings = new EnumMap<>(DayOfWeek.class);
            schedule.openings().forEach((day, list) -> openings.put(DayOfWeek.valueOf(day), list.stream()
                    .map(range -> range.split("-"))
                    .map(p -> new WeeklySchedule.Opening(LocalTime.parse(p[0]), LocalTime.parse(p[1])))
                    .toList()));
            weekly = new WeeklySchedule(ZoneId.of(schedule.zone()), openings, schedule.holidays() == null ? Set.of()
                    : schedule.holidays().stream().map(LocalDate::parse).collect(Collectors.toSet()));
        }
        return new RuleConditions(weekly, duringOpening, newCustomer, inactiveDays, channels, languages);
    }
}
