package io.parley.app;

import io.parley.adapters.persistence.testing.PostgresTestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

/** Settings for an app under test: a fresh data folder each time, plus the given key/value pairs. */
final class TestSettings {

    private TestSettings() {
    }

    /** {@code settings} with the datasource pointed at a fresh PostgreSQL database. */
    static Map<String, String> onPostgres(Map<String, String> settings, String purpose) {
        Map<String, String> onPostgres = new HashMap<>(settings);
        onPostgres.putAll(PostgresTestDatabase.create(purpose));
        return onPostgres;
    }

    static Map<String, String> freshDataDir(String... keyValues) {
        Map<String, String> settings = new HashMap<>();
        try {
            settings.put("parley.data-dir", Files.createTempDirectory("parley-test").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            settings.put(keyValues[i], keyValues[i + 1]);
        }
        return settings;
    }
}
