package io.parley.app;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.Map;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIf;

/** Interactive replies end to end again with Parley on PostgreSQL. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EnabledIf("io.parley.adapters.persistence.testing.PostgresTestDatabase#available")
class InteractiveRepliesAcsPostgresTest extends InteractiveRepliesAcsTest {

    @Override
    public Map<String, String> getProperties() {
        return TestSettings.onPostgres(super.getProperties(), "interactive");
    }
}
