package io.parley.app.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.parley.domain.service.KeepDeadLetterService;

/** {@code parley.dead-letters.*} (PARLEY_DEAD_LETTERS_*): how much of refused deliveries is kept. Defaults in application.yml. */
// created at start, so that a setting out of range stops the start instead of a later request
@Context
@ConfigurationProperties("parley.dead-letters")
public record DeadLetterSettings(int maxBody, long maxTotal) {

    public DeadLetterSettings {
        Settings.atLeast(maxBody, 0, "PARLEY_DEAD_LETTERS_MAX_BODY");
        Settings.atLeast(maxTotal, maxBody, "PARLEY_DEAD_LETTERS_MAX_TOTAL (at least PARLEY_DEAD_LETTERS_MAX_BODY)");
    }

    KeepDeadLetterService.Limits toDomain() {
        return new KeepDeadLetterService.Limits(maxBody, maxTotal);
    }
}
