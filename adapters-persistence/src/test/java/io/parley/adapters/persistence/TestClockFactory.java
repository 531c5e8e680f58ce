package io.parley.adapters.persistence;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The module's tests run without the app, whose DomainFactory provides the Clock; this one is the system's. */
@Factory
class TestClockFactory {

    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
