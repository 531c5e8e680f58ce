package io.parley.app;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.Map;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIf;

/** The same on PostgreSQL, which refuses U+0000 in text outright. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EnabledIf("io.parley.adapters.persistence.testing.PostgresTestDatabase#available")
class HardeningPostgresTest extends HardeningTest {

    @Override
    public Map<String, String> getProperties() {
        return TestSettings.onPostgres(super.getProperties(), "hardening");
    }
}
