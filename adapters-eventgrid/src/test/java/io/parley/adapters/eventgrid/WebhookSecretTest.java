package io.parley.adapters.eventgrid;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WebhookSecretTest {

    @Test
    void withoutASecretEverythingIsAccepted() {
        WebhookSecret none = new WebhookSecret("", null);
        assertFalse(none.isConfigured());
        assertTrue(none.accepts(null));
        assertTrue(none.accepts("anything"));
    }

    @Test
    void withSecretsOnlyThoseAreAccepted() {
        WebhookSecret secret = new WebhookSecret("new", "old");
        assertTrue(secret.accepts("new"));
        assertTrue(secret.accepts("old"));
        assertFalse(secret.accepts(null));
        assertFalse(secret.accepts(""));
        assertFalse(secret.accepts("ne"));
        assertFalse(secret.accepts("new "));
    }
}
