package io.parley.app;

import io.parley.adapters.persistence.testing.PostgresTestDatabase;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.condition.EnabledIf;

/** The same kill on PostgreSQL. */
@EnabledIf("io.parley.adapters.persistence.testing.PostgresTestDatabase#available")
class AnalysisWaitKillPostgresIT extends AnalysisWaitKillIT {

    private static Map<String, String> database;

    @Override
    Map<String, String> moreSettings() {
        if (database == null) {
            database = new HashMap<>();
            PostgresTestDatabase.create("kill_analysis").forEach((key, value) ->
                    database.put(key.toUpperCase().replace('.', '_').replace('-', '_'), value));
        }
        return database;
    }
}
