package io.parley.app;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.Map;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIf;

/** {@link ConsentApiTest} on PostgreSQL: opt-out and opt-in. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EnabledIf("io.parley.adapters.persistence.testing.PostgresTestDatabase#available")
class ConsentApiPostgresTest extends ConsentApiTest {

    @Override
    public Map<String, String> getProperties() {
        return TestSettings.onPostgres(super.getProperties(), "consent");
    }
}
