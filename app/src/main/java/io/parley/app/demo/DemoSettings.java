package io.parley.app.demo;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import java.time.Duration;

/**
 * {@code parley.demo.*} (PARLEY_DEMO_*): the demo's simulated WhatsApp. Defaults in application.yml; checked at
 * start in demo mode.
 *
 * @param channelId   the simulated number the console's customer phone writes to
 * @param failureRate the share of messages the channel fails after Sent (0 to 1), with {@code failureCode}
 * @param analyses    whether the channel analyses the customer phone's texts (as ACS does), {@code analysisAfter}
 *                    after each
 */
@Context
@Requires(condition = DemoModeCondition.class)
@ConfigurationProperties("parley.demo")
record DemoSettings(String channelId, boolean seedRules, Duration sentAfter, Duration deliveredAfter,
                    Duration readAfter, double failureRate, String failureCode, String failureMessage,
                    boolean analyses, Duration analysisAfter) {

    DemoSettings {
        if (channelId == null || channelId.isBlank()) {
            throw new IllegalArgumentException("PARLEY_DEMO_CHANNEL_ID must not be empty");
        }
        for (Duration delay : new Duration[] {sentAfter, deliveredAfter, readAfter, analysisAfter}) {
            if (delay == null || delay.isNegative()) {
                throw new IllegalArgumentException("PARLEY_DEMO_SENT_AFTER, _DELIVERED_AFTER, _READ_AFTER and "
                        + "_ANALYSIS_AFTER must not be negative (" + sentAfter + ", " + deliveredAfter + ", "
                        + readAfter + ", " + analysisAfter + ")");
            }
        }
        if (failureRate < 0 || failureRate > 1) {
            throw new IllegalArgumentException("PARLEY_DEMO_FAILURE_RATE must be between 0 and 1, not "
                    + failureRate);
        }
    }
}
