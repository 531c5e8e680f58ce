package io.parley.app.dispatch;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.parley.domain.port.in.DispatchRepliesUseCase;
import jakarta.inject.Named;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Drives the outbox: sends queued replies, then applies status reports whose message became known. */
@Singleton
@Named("outbox")
public class DispatcherLoop extends WorkerLoop {

    private static final Logger LOG = LoggerFactory.getLogger(DispatcherLoop.class);

    private final Provider<DispatchRepliesUseCase> dispatcher;
    private final boolean enabled;
    private final boolean onlyInstance;

    DispatcherLoop(Provider<DispatchRepliesUseCase> dispatcher,
                   @Value("${parley.dispatcher.poll-interval:500ms}") Duration pollInterval,
                   @Value("${parley.dispatcher.enabled:true}") boolean enabled,
                   @Value("${datasources.default.url:}") String databaseUrl) {
        super("parley-dispatcher", pollInterval);
        this.dispatcher = dispatcher;
        this.enabled = enabled;
        // an embedded H2 file is locked by the process that opened it: no other instance can hold claims on it
        this.onlyInstance = databaseUrl.startsWith("jdbc:h2:file:")
                && !databaseUrl.toUpperCase(Locale.ROOT).contains("AUTO_SERVER=TRUE");
    }

    @Override
    protected void beforeFirstRound() {
        if (onlyInstance) {
            dispatcher.get().recoverAsOnlyInstance();
        }
    }

    @Override
    protected int runOnce() {
        DispatchRepliesUseCase useCase = dispatcher.get();
        int sent = useCase.dispatchDue();
        if (sent == 0) {
            useCase.reconcileKeptStatuses();
        }
        return sent;
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
    }
}
