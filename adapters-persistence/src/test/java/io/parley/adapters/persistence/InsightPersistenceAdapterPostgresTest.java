package io.parley.adapters.persistence;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.parley.adapters.persistence.testing.PostgresTestDatabase;
import java.util.Map;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIf;

/** Insight's persistence tests again, on a fresh PostgreSQL database (its counts are one upsert there). */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EnabledIf("io.parley.adapters.persistence.testing.PostgresTestDatabase#available")
class InsightPersistenceAdapterPostgresTest extends InsightPersistenceAdapterTest implements TestPropertyProvider {

    @Override
    public Map<String, String> getProperties() {
        return PostgresTestDatabase.create("insight");
    }
}
