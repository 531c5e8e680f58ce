package io.parley.app.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.parley.domain.service.PurgeOldDataService;
import java.time.Duration;

/**
 * {@code parley.retention.*} (PARLEY_RETENTION_*): how long messages, dead letters, event ids, the audit log and
 * insight's hourly counts are kept.
 * Defaults in application.yml. Event ids must outlive Event Grid's retries (24 h), or a late redelivery would be
 * taken in again.
 */
// created at start, so that a setting out of range stops the start instead of a later request
@Context
@ConfigurationProperties("parley.retention")
public record RetentionSettings(boolean enabled, Duration messages, Duration deadLetters, Duration events,
                                Duration audit, Duration insight, Duration interval) {

    public RetentionSettings {
        Settings.positive(messages, "PARLEY_RETENTION_MESSAGES");
        Settings.positive(deadLetters, "PARLEY_RETENTION_DEAD_LETTERS");
        Settings.positive(events, "PARLEY_RETENTION_EVENTS");
        Settings.positive(audit, "PARLEY_RETENTION_AUDIT");
        Settings.positive(insight, "PARLEY_RETENTION_INSIGHT");
        Settings.positive(interval, "PARLEY_RETENTION_INTERVAL");
        if (events.compareTo(Duration.ofHours(24)) < 0) {
            throw new IllegalArgumentException("PARLEY_RETENTION_EVENTS must be at least 24 hours (Event Grid "
                    + "retries a delivery for up to 24 hours), not " + events);
        }
    }

    PurgeOldDataService.Ages toDomain() {
        return new PurgeOldDataService.Ages(messages, deadLetters, events, audit, insight);
    }
}
