package io.parley.app;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.Map;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIf;

/** {@link PrivacyTest} on PostgreSQL: the export, the erasure and the erasure during deliveries. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EnabledIf("io.parley.adapters.persistence.testing.PostgresTestDatabase#available")
class PrivacyPostgresTest extends PrivacyTest {

    @Override
    public Map<String, String> getProperties() {
        return TestSettings.onPostgres(super.getProperties(), "privacy");
    }
}
