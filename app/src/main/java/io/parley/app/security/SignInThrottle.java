package io.parley.app.security;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Failed sign-ins per username (login form and HTTP Basic alike): after {@value #MAX_FAILURES} within
 * {@link #WINDOW}, every further attempt for that username is refused without looking at the password until the
 * oldest of them is older than the window. Counted per username, never per address or globally, so that guessing
 * at one name never locks out another. A successful sign-in clears the name's count.
 *
 * <p>Kept in memory, per instance: several instances each allow five guesses per window, which still turns
 * hundreds of guesses a second into a handful a quarter of an hour. At most {@value #MAX_NAMES} names are tracked;
 * past that the name whose last failure is oldest is forgotten first.
 */
@Singleton
public class SignInThrottle {

    static final int MAX_FAILURES = 5;
    static final Duration WINDOW = Duration.ofMinutes(15);
    static final int MAX_NAMES = 50_000;

    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Instant>> eldest) {
            return size() > MAX_NAMES;
        }
    };

    public SignInThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long sign-ins for {@code username} are refused from now; empty when they are allowed. */
    public synchronized Optional<Duration> refusedFor(String username) {
        Deque<Instant> recent = recent(username);
        if (recent == null || recent.size() < MAX_FAILURES) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(clock.instant(), recent.peekFirst().plus(WINDOW)));
    }

    /** Records a failed sign-in; answers how many there now are within the window. */
    public synchronized int failed(String username) {
        Deque<Instant> recent = recent(username);
        if (recent == null) {
            recent = new ArrayDeque<>(MAX_FAILURES);
            failures.put(username, recent);
        }
        recent.addLast(clock.instant());
        while (recent.size() > MAX_FAILURES) {
            recent.removeFirst();
        }
        return recent.size();
    }

    public synchronized void succeeded(String username) {
        failures.remove(username);
    }

    /** The failures of the last window, oldest first (older ones are dropped); null when there are none. */
    private Deque<Instant> recent(String username) {
        Deque<Instant> recent = failures.get(username);
        if (recent == null) {
            return null;
        }
        Instant since = clock.instant().minus(WINDOW);
        while (!recent.isEmpty() && !recent.peekFirst().isAfter(since)) {
            recent.removeFirst();
        }
        if (recent.isEmpty()) {
            failures.remove(username);
            return null;
        }
        return recent;
    }
}
