package io.parley.app;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.Map;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIf;

/** {@link InboxApiTest} on PostgreSQL: the inbox's filters, search, unread counts, exports and channel names. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EnabledIf("io.parley.adapters.persistence.testing.PostgresTestDatabase#available")
class InboxApiPostgresTest extends InboxApiTest {

    @Override
    public Map<String, String> getProperties() {
        return TestSettings.onPostgres(super.getProperties(), "inbox");
    }
}
