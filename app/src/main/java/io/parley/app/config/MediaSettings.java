package io.parley.app.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import java.time.Duration;

/**
 * {@code parley.media.*} (PARLEY_MEDIA_*): downloading what customers send. Defaults in application.yml (the
 * folder, {@code parley.media.dir}, is the persistence adapter's).
 *
 * @param maxSize the largest file downloaded, in bytes
 */
// created at start, so that a setting out of range stops the start instead of a later request
@Context
@ConfigurationProperties("parley.media")
public record MediaSettings(boolean enabled, Duration pollInterval, long maxSize, Retry retry) {

    /** {@code parley.media.retry.*}: how long a download is retried. */
    @ConfigurationProperties("retry")
    public record Retry(Duration maxAge) {
        public Retry {
            Settings.positive(maxAge, "PARLEY_MEDIA_RETRY_MAX_AGE");
        }
    }

    public MediaSettings {
        Settings.positive(pollInterval, "PARLEY_MEDIA_POLL_INTERVAL");
        Settings.atLeast(maxSize, 1, "PARLEY_MEDIA_MAX_SIZE");
        Settings.required(retry, "parley.media.retry");
    }
}
