package io.parley.app.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.parley.domain.model.ReplyGuards;
import java.time.Duration;

/** {@code parley.guards.*} (PARLEY_GUARDS_*): when the bot goes quiet in a conversation. Defaults in application.yml. */
// created at start, so that a setting out of range stops the start instead of a later request
@Context
@ConfigurationProperties("parley.guards")
public record GuardSettings(int maxRepliesPerMinute, int loopThreshold, Duration quietFor, Duration handoffTimeout,
                            Duration agentQuietFor) {

    public GuardSettings {
        Settings.atLeast(maxRepliesPerMinute, 1, "PARLEY_GUARDS_MAX_REPLIES_PER_MINUTE");
        Settings.atLeast(loopThreshold, 2, "PARLEY_GUARDS_LOOP_THRESHOLD");
        Settings.positive(quietFor, "PARLEY_GUARDS_QUIET_FOR");
        Settings.positive(handoffTimeout, "PARLEY_GUARDS_HANDOFF_TIMEOUT");
        if (agentQuietFor == null || agentQuietFor.isNegative()) {
            throw new IllegalArgumentException("PARLEY_GUARDS_AGENT_QUIET_FOR must be 0s (never quiet) or more, not "
                    + agentQuietFor);
        }
    }

    ReplyGuards toDomain() {
        return new ReplyGuards(maxRepliesPerMinute, loopThreshold, quietFor, handoffTimeout, agentQuietFor);
    }
}
