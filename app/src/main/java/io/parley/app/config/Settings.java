package io.parley.app.config;

import java.time.Duration;

/** The checks the typed settings make at start, with the environment variable named in the message. */
final class Settings {

    private Settings() {
    }

    static void positive(Duration value, String name) {
        required(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be longer than zero, not " + value);
        }
    }

    static void atLeast(long value, long min, String name) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ", not " + value);
        }
    }

    static void required(Object value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is not set (application.yml sets every default)");
        }
    }
}
