package io.parley.domain.model;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Business hours: opening times per weekday in an IANA time zone, and holidays on which the business is closed all
 * day. Times are wall-clock times of the zone, so a rule keeps meaning "9:00 to 17:00" across daylight-saving changes.
 */
public record WeeklySchedule(ZoneId zone, Map<DayOfWeek, List<Opening>> openings, Set<LocalDate> holidays) {

    /** Open from {@code from} (inclusive) to {@code to} (exclusive), on one day. */
    public record Opening(LocalTime from, LocalTime to) {
    }

    public WeeklySchedule {
        zone = zone == null ? ZoneId.of("UTC") : zone;
        Map<DayOfWeek, List<Opening>> copy = new EnumMap<>(DayOfWeek.class);
        if (openings != null) {
            openings.forEach((day, list) -> copy.put(day, List.copyOf(list)));
        }
        openings = Map.copyOf(copy);
        holidays = holidays == null ? Set.of() : Set.copyOf(holidays);
    }

    public boolean isOpen(Instant at) {
        ZonedDateTime local = at.atZone(zone);
        if (holidays.contains(local.toLocalDate())) {
            return false;
        }
        LocalTime time = local.toLocalTime();
        for (Opening opening : openings.getOrDefault(local.getDayOfWeek(), List.of())) {
            if (!time.isBefore(opening.from()) && time.isBefore(opening.to())) {
                return true;
            }
        }
        return false;
    }

    void collectProblems(String prefix, List<FieldError> problems) {
        List<String> wrong = new ArrayList<>();
        openings.forEach((day, list) -> list.forEach(o -> {
            if (o.from() == null || o.to() == null || !o.from().isBefore(o.to())) {
                wrong.add(day + " " + o.from() + "-" + o.to());
            }
        }));
        if (!wrong.isEmpty()) {
            problems.add(new FieldError(prefix + ".openings", "each opening must end after it starts: " + wrong));
        }
        if (openings.values().stream().allMatch(List::isEmpty)) {
            problems.add(new FieldError(prefix + ".openings", "the schedule never opens: give at least one opening"));
        }
        if (openings.values().stream().anyMatch(list -> list.size() > MAX_OPENINGS_PER_DAY)) {
            problems.add(new FieldError(prefix + ".openings", "at most " + MAX_OPENINGS_PER_DAY
                    + " openings a day"));
        }
        if (holidays.size() > MAX_HOLIDAYS) {
            problems.add(new FieldError(prefix + ".holidays", "at most " + MAX_HOLIDAYS + " holidays, not "
                    + holidays.size()));
        }
    }

    /** Limits of a schedule: openings a day and holidays in all. */
    public static final int MAX_OPENINGS_PER_DAY = 24;
    public static final int MAX_HOLIDAYS = 1000;
}
