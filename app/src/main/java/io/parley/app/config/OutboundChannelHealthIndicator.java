package io.parley.app.config;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.parley.domain.port.in.DispatchRepliesUseCase;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outbound channel as the dispatcher last saw it. While ACS keeps failing, the dispatcher pauses and this
 * reports DEGRADED: still operational (events are still taken in and replies queued), so /health stays 200 and the
 * load balancer keeps the instance, but the operator sees that replies are held back.
 */
@Singleton
class OutboundChannelHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    static final HealthStatus DEGRADED = new HealthStatus("DEGRADED", "the outbound channel is failing; replies "
            + "are held and retried", true, 500);

    private final DispatchRepliesUseCase dispatcher;
    private final ParleyMode mode;

    private final Clock clock;

    OutboundChannelHealthIndicator(DispatchRepliesUseCase dispatcher, ParleyMode mode, Clock clock) {
        this.clock = clock;
        this.dispatcher = dispatcher;
        this.mode = mode;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        Instant pausedUntil = dispatcher.pausedUntil();
        boolean paused = pausedUntil.isAfter(clock.instant());
        healthStatus = paused ? DEGRADED : HealthStatus.UP;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("channel", mode.isDemo() ? "simulated WhatsApp (demo mode)" : "Azure Communication Services");
        if (paused) {
            details.put("pausedUntil", pausedUntil.toString());
        }
        return details;
    }

    @Override
    protected String getName() {
        return "outboundChannel";
    }
}
