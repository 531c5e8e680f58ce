package io.parley.app;

import static io.parley.app.ParleyClient.await;
import static io.parley.app.ParleyClient.event;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The simulated channel can fail messages, as WhatsApp does, through the real webhook. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoFailuresTest implements TestPropertyProvider {

    @Inject EmbeddedServer server;
    @Inject JsonMapper json;

    @Override
    public Map<String, String> getProperties() {
        return TestSettings.freshDataDir("parley.demo.sent-after", "20ms", "parley.demo.delivered-after", "40ms",
                "parley.demo.read-after", "60ms", "parley.demo.failure-rate", "1",
                "parley.demo.failure-code", "131049", "parley.demo.failure-message", "Ecosystem engagement");
    }

    @Test
    void aFailingDemoChannelReportsItsErrorCode() {
        ParleyClient parley = new ParleyClient(server.getURL().toString(), json, "admin", "admin");
        assertEquals(200, parley.postEvents("", event("received-text.json")).statusCode());
        await(Duration.ofSeconds(10), "FAILED", () -> {
            List<Map<String, Object>> messages = parley.messagesOf("{sender@id}");
            return messages.size() == 2 && "FAILED".equals(messages.get(1).get("status"));
        });
        Map<String, Object> reply = parley.messagesOf("{sender@id}").get(1);
        assertEquals("131049", reply.get("errorCode"));
        assertEquals("Ecosystem engagement", reply.get("errorMessage"));
    }
}
