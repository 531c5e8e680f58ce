package io.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;

import java.net.http.HttpResponse;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The rules API of CONTRACT.md over HTTP, on a real H2 database. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RulesApiTest implements TestPropertyProvider {

    @Inject EmbeddedServer server;
    @Inject JsonMapper json;
    private ParleyClient parley;

    @Override
    public Map<String, String> getProperties() {
        return TestSettings.freshDataDir("parley.demo.seed-rules", "false", "parley.dispatcher.enabled", "false");
    }

    @BeforeEach
    void clean() {
        parley = new ParleyClient(server.getURL().toString(), json, "admin", "admin");
        for (Map<String, Object> rule : parley.list("/api/rules")) {
            parley.admin("DELETE", "/api/rules/" + ((Number) rule.get("id")).longValue(), null);
        }
    }

    private Map<String, Object> create(String body) {
        HttpResponse<String> response = parley.admin("POST", "/api/rules", body);
        assertEquals(201, response.statusCode(), response.body());
        return parley.object(response.body());
    }

    @Test
    void crudInEvaluationOrder() {
        Map<String, Object> hours = create("""
                {"name": "Opening hours", "priority": 10, "enabled": true,
                 "match": {"type": "KEYWORD", "value": "hours"},
                 "reply": {"type": "TEXT", "text": "We are open 9:00-17:00."}}""");
        Map<String, Object> fallback = create("""
                {"name": "Fallback", "priority": 100, "match": {"type": "ANY"},
                 "reply": {"type": "TEXT", "text": "Thanks!"}}""");
        Map<String, Object> early = create("""
                {"name": "Also 10", "priority": 10, "match": {"type": "CONTAINS", "value": "price list"},
                 "reply": {"type": "MEDIA", "url": "https://example.test/prices.pdf", "caption": "Prices"}}""");
        long id = ((Number) hours.get("id")).longValue();
        assertEquals("KEYWORD", ((Map<?, ?>) hours.get("match")).get("type"));

        List<Object> order = parley.list("/api/rules").stream().map(r -> r.get("name")).map(Object.class::cast)
                .toList();
        assertEquals(List.of("Opening hours", "Also 10", "Fallback"), order, "priority, then creation order");

        HttpResponse<String> replaced = parley.admin("PUT", "/api/rules/" + id, """
                {"name": "Opening hours", "priority": 200, "enabled": false,
                 "match": {"type": "KEYWORD", "value": "hours"},
                 "reply": {"type": "TEXT", "text": "Closed."}}""");
        assertEquals(200, replaced.statusCode(), replaced.body());
        Map<String, Object> read = parley.object(parley.admin("GET", "/api/rules/" + id, null).body());
        assertEquals(false, read.get("enabled"));
        assertEquals("Closed.", ((Map<?, ?>) read.get("reply")).get("text"));

        assertEquals(204, parley.admin("DELETE", "/api/rules/" + id, null).statusCode());
        assertEquals(404, parley.admin("GET", "/api/rules/" + id, null).statusCode());
        assertEquals(404, parley.admin("DELETE", "/api/rules/" + id, null).statusCode());
        assertEquals(404, parley.admin("PUT", "/api/rules/" + id, """
                {"name": "x", "match": {"type": "ANY"}, "reply": {"type": "TEXT", "text": "x"}}""").statusCode());
        assertEquals(2, parley.list("/api/rules").size());
        assertTrue(fallback.get("id") != null && early.get("id") != null);
    }

    @Test
    void invalidRulesAre400WithFieldErrors() {
        HttpResponse<String> empty = parley.admin("POST", "/api/rules", """
                {"name": "", "priority": 1, "match": {"type": "KEYWORD", "value": " "},
                 "reply": {"type": "TEXT"}}""");
        assertEquals(400, empty.statusCode());
        List<?> fields = (List<?>) parley.object(empty.body()).get("fields");
        List<Object> names = fields.stream().map(f -> ((Map<?, ?>) f).get("field")).map(Object.class::cast).toList();
        assertEquals(List.of("name", "match.value", "reply.text"), names, empty.body());

        HttpResponse<String> unknown = parley.admin("POST", "/api/rules", """
                {"name": "x", "match": {"type": "SOMETIMES"}, "reply": {"type": "TEXT", "text": "y"}}""");
        assertEquals(400, unknown.statusCode());
        assertTrue(unknown.body().contains("match.type") && unknown.body().contains("SOMETIMES"), unknown.body());

        HttpResponse<String> template = parley.admin("POST", "/api/rules", """
                {"name": "x", "match": {"type": "ANY"}, "reply": {"type": "TEMPLATE", "language": "en"}}""");
        assertEquals(400, template.statusCode());
        assertTrue(template.body().contains("reply.name"), template.body());

        assertEquals(400, parley.admin("POST", "/api/rules", "{not json").statusCode());
        assertTrue(parley.list("/api/rules").isEmpty(), "nothing invalid was stored");
    }

    @Test
    void theTesterAnswersWithoutStoringOrSending() {
        create("""
                {"name": "Hours", "priority": 10, "match": {"type": "CONTAINS", "value": "opening hours"},
                 "reply": {"type": "TEXT", "text": "9-17"}}""");
        create("""
                {"name": "Off", "priority": 1, "enabled": false, "match": {"type": "ANY"},
                 "reply": {"type": "TEXT", "text": "never"}}""");
        Map<String, Object> hit = parley.object(parley.admin("POST", "/api/rules/test",
                "{\"text\": \"What are your OPENING hours?\", \"from\": \"+1555\", \"channelId\": \"c\"}")
                .body());
        assertEquals(true, hit.get("matched"));
        assertEquals("Hours", ((Map<?, ?>) hit.get("rule")).get("name"));
        assertEquals("9-17", ((Map<?, ?>) hit.get("reply")).get("text"));

        Map<String, Object> miss = parley.object(parley.admin("POST", "/api/rules/test",
                "{\"text\": \"hello\"}").body());
        assertFalse((Boolean) miss.get("matched"));
        assertTrue(parley.list("/api/conversations").isEmpty(), "the tester stores nothing");
    }
}
