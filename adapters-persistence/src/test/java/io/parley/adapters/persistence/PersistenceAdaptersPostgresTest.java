package io.parley.adapters.persistence;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.parley.adapters.persistence.testing.PostgresTestDatabase;
import java.util.Map;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIf;

/** Every persistence test again, on a fresh PostgreSQL database with the same Flyway migrations. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EnabledIf("io.parley.adapters.persistence.testing.PostgresTestDatabase#available")
class PersistenceAdaptersPostgresTest extends PersistenceAdaptersTest implements TestPropertyProvider {

    @Override
    public Map<String, String> getProperties() {
        return PostgresTestDatabase.create("persistence");
    }

    @Override
    protected boolean soleUserExpected() {
        return false;
    }
}
