package io.parley.app.dispatch;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.parley.domain.port.in.DispatchRepliesUseCase;
import io.parley.domain.port.out.OutboxSignal;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the dispatcher on one background thread: woken at once when a reply is committed to the outbox, and
 * every poll interval anyway (for retries that come due, and for replies queued by other instances).
 */
@Singleton
public class DispatcherLoop implements OutboxSignal {

    private static final Logger LOG = LoggerFactory.getLogger(DispatcherLoop.class);

    private final Provider<DispatchRepliesUseCase> dispatcher;
    private final Duration pollInterval;
    private final boolean enabled;
    private final boolean onlyInstance;
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;

    DispatcherLoop(Provider<DispatchRepliesUseCase> dispatcher,
                   @Value("${parley.dispatcher.poll-interval:500ms}") Duration pollInterval,
                   @Value("${parley.dispatcher.enabled:true}") boolean enabled,
                   @Value("${datasources.default.url:}") String databaseUrl) {
        this.dispatcher = dispatcher;
        this.pollInterval = pollInterval;
        this.enabled = enabled;
        // an embedded H2 file is locked by the process that opened it: no other instance can hold claims on it
        this.onlyInstance = databaseUrl.startsWith("jdbc:h2:file:")
                && !databaseUrl.toUpperCase(java.util.Locale.ROOT).contains("AUTO_SERVER=TRUE");
    }

    @Override
    public void repliesQueued() {
        wake.release();
    }

    @EventListener
    void start(StartupEvent event) {
        if (!enabled) {
            LOG.info("the dispatcher is disabled (parley.dispatcher.enabled=false): replies stay queued");
            return;
        }
        if (onlyInstance) {
            dispatcher.get().recoverAsOnlyInstance();
        }
        running = true;
        thread = new Thread(this::run, "parley-dispatcher");
        thread.setDaemon(true);
        thread.start();
    }

    @EventListener
    void stop(ShutdownEvent event) {
        running = false;
        Thread t = thread;
        if (t != null) {
            wake.release();
            try {
                t.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        long failures = 0;
        while (running) {
            try {
                wake.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits();
                DispatchRepliesUseCase useCase = dispatcher.get();
                while (running && useCase.dispatchDue() > 0) {
                    // keep going while there is work
                }
                useCase.reconcileKeptStatuses();
                failures = 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                failures++;
                long backoff = Math.min(30_000, 500L << Math.min(failures, 6));
                LOG.warn("dispatcher round failed ({} in a row), next try in {} ms: {}", failures, backoff,
                        e.toString());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
