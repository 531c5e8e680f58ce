package io.parley.app.dispatch;

import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.parley.app.config.AnalysisSettings;
import io.parley.app.config.FlowSettings;
import io.parley.domain.port.in.RunScheduledWorkUseCase;
import jakarta.inject.Named;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;

/**
 * Runs the scheduled work (flow timeouts, HTTP steps' calls, deadlines of answers that wait for their analysis) in the
 * background, never in a webhook request.
 */
@Singleton
@Named("flows")
public class FlowWorkLoop extends WorkerLoop {

    private final Provider<RunScheduledWorkUseCase> work;
    private final boolean enabled;

    FlowWorkLoop(Provider<RunScheduledWorkUseCase> work, FlowSettings settings, AnalysisSettings analysis) {
        super("parley-flow-worker", settings.pollInterval());
        this.work = work;
        // the deadlines of answers that wait for their analysis are in the same queue
        this.enabled = settings.enabled() || analysis.enabled();
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
