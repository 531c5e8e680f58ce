package io.parley.app.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SignInThrottleTest {

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-12-02T10:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final ManualClock clock = new ManualClock();
    private final SignInThrottle throttle = new SignInThrottle(clock);

    @Test
    void fiveFailuresWithinTheWindowRefuseTheNameUntilTheOldestIsOutOfIt() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("admin");
            clock.now = clock.now.plusSeconds(60);
        }
        assertEquals(Optional.empty(), throttle.refusedFor("admin"), "four failures are allowed");
        throttle.failed("admin");
        // the first failure was 4 minutes ago: refused for the 11 minutes left of its window
        assertEquals(Optional.of(Duration.ofMinutes(11)), throttle.refusedFor("admin"));
        clock.now = clock.now.plus(Duration.ofMinutes(11));
        assertEquals(Optional.empty(), throttle.refusedFor("admin"), "the oldest failure has left the window");
    }

    @Test
    void oneNamesFailuresNeverRefuseAnother() {
        for (int i = 0; i < 50; i++) {
            throttle.failed("mallory");
        }
        assertTrue(throttle.refusedFor("mallory").isPresent());
        assertEquals(Optional.empty(), throttle.refusedFor("admin"));
    }

    @Test
    void aSuccessClearsTheCount() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("admin");
        }
        throttle.succeeded("admin");
        throttle.failed("admin");
        assertEquals(Optional.empty(), throttle.refusedFor("admin"));
    }

    @Test
    void namesAreForgottenOldestFirstPastTheLimit() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("first");
        }
        for (int i = 0; i < SignInThrottle.MAX_NAMES; i++) {
            throttle.failed("name-" + i);
        }
        assertEquals(Optional.empty(), throttle.refusedFor("first"), "memory stays bounded");
    }
}
