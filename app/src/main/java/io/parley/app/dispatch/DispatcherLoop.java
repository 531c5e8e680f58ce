package io.parley.app.dispatch;

import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.parley.app.config.DispatcherSettings;
import io.parley.domain.port.in.DispatchRepliesUseCase;
import jakarta.inject.Named;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the outbox: sends queued replies (through a {@link SendPipeline} of {@code parallelism} sender threads, or
 * one round at a time on this loop's thread for a parallelism of 1), then applies status reports whose message
 * became known. On shutdown the loop stops first, then the senders finish and their outcomes are recorded.
 */
@Singleton
@Named("outbox")
public class DispatcherLoop extends WorkerLoop {

    private static final Logger LOG = LoggerFactory.getLogger(DispatcherLoop.class);

    private final Provider<DispatchRepliesUseCase> dispatcher;
    private final boolean enabled;
    private final Duration pollInterval;
    private final int parallelism;
    private volatile SendPipeline pipeline;
    private long lastSweep = System.nanoTime();

    DispatcherLoop(Provider<DispatchRepliesUseCase> dispatcher, DispatcherSettings settings) {
        super("parley-dispatcher", settings.pollInterval());
        this.dispatcher = dispatcher;
        this.enabled = settings.enabled();
        this.pollInterval = settings.pollInterval();
        this.parallelism = settings.parallelism();
    }

    @Override
    protected void beforeFirstRound() {
        // the database knows whether another instance could hold claims; if none can, the claims are stale
        dispatcher.get().recoverAsOnlyInstance();
        if (parallelism > 1) {
            // a finished send wakes this loop to record it and claim more
            pipeline = new SendPipeline(dispatcher.get(), parallelism, this);
        }
    }

    @Override
    protected int runOnce() {
        DispatchRepliesUseCase useCase = dispatcher.get();
        SendPipeline sends = pipeline;
        int handled = sends == null ? useCase.dispatchDue() : sends.round();
        // receipts pick up their early statuses as they are recorded; this sweep is for the rare status kept in the
        // moment between another transaction's check and its commit, so once a poll interval is enough
        long now = System.nanoTime();
        if (handled == 0 && now - lastSweep >= pollInterval.toNanos()) {
            lastSweep = now;
            useCase.reconcileKeptStatuses();
        }
        return handled;
    }

    @EventListener
    void start(StartupEvent event) {
        if (!enabled) {
            LOG.info("the dispatcher is disabled (parley.dispatcher.enabled=false): replies stay queued");
            return;
        }
        startLoop();
    }

    @EventListener
    void stop(ShutdownEvent event) {
        stopLoop();
        SendPipeline sends = pipeline;
        if (sends != null) {
            // after the loop: no claim follows; the sends in flight finish and are recorded, so that a restart has
            // nothing to repeat
            sends.stop(Duration.ofSeconds(30));
        }
    }
}
