package io.parley.app;

import io.parley.adapters.persistence.testing.PostgresTestDatabase;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The same kills on PostgreSQL, where the restarted instance cannot know that nobody else holds the dead one's
 * claims: the call in flight is taken over when its lease (15 s here) runs out.
 */
@EnabledIf("io.parley.adapters.persistence.testing.PostgresTestDatabase#available")
class FlowsKillAndRestartPostgresIT extends FlowsKillAndRestartIT {

    private static Map<String, String> database;

    @Override
    Map<String, String> moreSettings() {
        if (database == null) {
            database = new HashMap<>();
            PostgresTestDatabase.create("kill_flows").forEach((key, value) ->
                    database.put(key.toUpperCase().replace('.', '_').replace('-', '_'), value));
            database.put("PARLEY_FLOWS_LEASE", "15s");
        }
        return database;
    }
}
