package io.parley.adapters.eventgrid;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;

/** ISO-8601 timestamps as ACS and Event Grid write them: with or without fractions, with or without an offset. */
final class Timestamps {

    private Timestamps() {
    }

    /** The instant, or null when {@code value} is null or blank; a value without offset is taken as UTC. */
    static Instant parse(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(value.strip(), OffsetDateTime::from,
                    LocalDateTime::from);
            if (parsed instanceof OffsetDateTime offset) {
                return offset.toInstant();
            }
            return ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new InvalidEventException(field + " '" + abbreviate(value) + "' is not an ISO-8601 timestamp");
        }
    }

    static String abbreviate(String value) {
        return value.length() <= 80 ? value : value.substring(0, 80) + "...";
    }
}
