package io.parley.adapters.eventgrid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The webhook with Entra ID protection on (and the shared secret of application-test.yml as well). */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EntraProtectedWebhookTest implements TestPropertyProvider {

    private final JwksServer jwks;

    @Inject EmbeddedServer server;
    @Inject RecordingUseCases useCases;

    EntraProtectedWebhookTest() throws Exception {
        jwks = new JwksServer();
    }

    @Override
    public Map<String, String> getProperties() {
        return Map.of("parley.webhook.entra.audience", JwksServer.AUDIENCE,
                "parley.webhook.entra.issuer", JwksServer.ISSUER,
                "parley.webhook.entra.jwks-uri", jwks.jwksUri());
    }

    @AfterAll
    void stop() {
        jwks.close();
    }

    private HttpResponse<String> post(String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.getURL() + "/api/events?code=s3cret"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(EventGridWebhookControllerTest.resource("received-text.json")
                        .replace("00000000-0000-0000-0000-000000000000", "entra-" + System.nanoTime())));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aValidBearerTokenIsRequired() throws Exception {
        useCases.reset();
        HttpResponse<String> missing = post(null);
        assertEquals(401, missing.statusCode());
        assertTrue(missing.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        assertEquals(401, post("Bearer " + jwks.tokenByStranger()).statusCode());
        assertTrue(useCases.received.isEmpty());
        HttpResponse<String> valid = post("Bearer " + jwks.validToken());
        assertEquals(200, valid.statusCode(), valid.body());
        assertEquals(1, useCases.received.size());
    }
}
