package io.parley.app.dispatch;

import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.parley.app.config.FlowSettings;
import io.parley.domain.port.in.RunScheduledWorkUseCase;
import jakarta.inject.Named;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;

/** Runs the flows' scheduled work (timeouts, HTTP steps' calls) in the background, never in a webhook request. */
@Singleton
@Named("flows")
public class FlowWorkLoop extends WorkerLoop {

    private final Provider<RunScheduledWorkUseCase> work;
    private final boolean enabled;

    FlowWorkLoop(Provider<RunScheduledWorkUseCase> work, FlowSettings settings) {
        super("parley-flow-worker", settings.pollInterval());
        this.work = work;
        this.enabled = settings.enabled();
    }

    @Override
    protected void beforeFirstRound() {
        // on an embedded database claims found at start were left by a killed predecessor
        work.get().recoverAsOnlyInstance();
    }

    @Override
    protected int runOnce() {
        return work.get().runDue();
    }

    @EventListener
    void start(StartupEvent event) {
        if (enabled) {
            startLoop();
        }
    }

    @EventListener
    void stop(ShutdownEvent event) {
        stopLoop();
    }
}
