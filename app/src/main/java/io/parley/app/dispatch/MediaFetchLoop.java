package io.parley.app.dispatch;

import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.parley.app.config.MediaSettings;
import io.parley.domain.port.in.FetchMediaUseCase;
import jakarta.inject.Named;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;

/** Downloads received media in the background, never inside the webhook request. */
@Singleton
@Named("media")
public class MediaFetchLoop extends WorkerLoop {

    private final Provider<FetchMediaUseCase> fetcher;
    private final boolean enabled;

    MediaFetchLoop(Provider<FetchMediaUseCase> fetcher, MediaSettings settings) {
        super("parley-media-fetcher", settings.pollInterval());
        this.fetcher = fetcher;
        this.enabled = settings.enabled();
    }

    @Override
    protected int runOnce() {
        return fetcher.get().fetchDue();
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
