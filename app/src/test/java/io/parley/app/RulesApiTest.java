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
    void theTesterTriesARuleBeingEditedBeforeItIsSavedAndAtAGivenTime() {
        Map<String, Object> saved = create("""
                {"name": "Parcel", "priority": 300, "match": {"type": "KEYWORD", "value": "parcel"},
                 "reply": {"type": "TEXT", "text": "Saved text"}}""");
        String edited = """
                {"text": "parcel", "draftId": %s, "draft": {"name": "Parcel", "priority": 300,
                 "match": {"type": "KEYWORD", "value": "parcel"}, "reply": {"type": "TEXT", "text": "Edited text"}}}"""
                .formatted(saved.get("id"));
        Map<String, Object> withEdit = parley.object(parley.admin("POST", "/api/rules/test", edited).body());
        assertEquals("Edited text", ((Map<?, ?>) withEdit.get("reply")).get("text"));
        Map<String, Object> asSaved = parley.object(parley.admin("POST", "/api/rules/test",
                "{\"text\": \"parcel\"}").body());
        assertEquals("Saved text", ((Map<?, ?>) asSaved.get("reply")).get("text"), "nothing was saved");

        Map<String, Object> brandNew = parley.object(parley.admin("POST", "/api/rules/test", """
                {"text": "crate", "draft": {"name": "Crate", "priority": 300, "match": {"type": "KEYWORD",
                 "value": "crate"}, "reply": {"type": "TEXT", "text": "A new rule"}}}""").body());
        assertEquals("Crate", ((Map<?, ?>) brandNew.get("rule")).get("name"));
        assertEquals(null, ((Map<?, ?>) brandNew.get("rule")).get("id"), "not saved, so no id");
        HttpResponse<String> broken = parley.admin("POST", "/api/rules/test", """
                {"text": "x", "draft": {"name": "Bad", "priority": 1, "match": {"type": "REGEX", "value": "("},
                 "reply": {"type": "TEXT", "text": "t"}}}""");
        assertEquals(400, broken.statusCode(), broken.body());

        create("""
                {"name": "Sunday", "priority": 301, "match": {"type": "KEYWORD", "value": "open?"},
                 "conditions": {"schedule": {"timeZone": "Europe/Berlin", "when": "INSIDE",
                   "openings": {"SUNDAY": ["10:00-12:00"]}}},
                 "reply": {"type": "TEXT", "text": "Yes, until noon"}}""");
        Map<String, Object> sunday = parley.object(parley.admin("POST", "/api/rules/test",
                "{\"text\": \"open?\", \"at\": \"2026-12-06T10:30:00Z\"}").body());
        assertEquals("Sunday", ((Map<?, ?>) sunday.get("rule")).get("name"));
        Map<String, Object> monday = parley.object(parley.admin("POST", "/api/rules/test",
                "{\"text\": \"open?\", \"at\": \"2026-12-07T10:30:00Z\"}").body());
        assertTrue(monday.get("rule") == null || !"Sunday".equals(((Map<?, ?>) monday.get("rule")).get("name")));
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
    void conditionsVariantsAndCooldownRoundTrip() {
        Map<String, Object> stored = create("""
                {"name": "Away", "priority": 1, "match": {"type": "ANY"},
                 "reply": {"type": "TEXT", "text": "Closed, {{customer.id}}.", "variants": {"Spanish": "Cerrado."}},
                 "conditions": {"schedule": {"timeZone": "Europe/Berlin", "when": "OUTSIDE",
                                             "openings": {"MONDAY": ["09:00-17:00"], "friday": ["09:00-12:00"]},
                                             "holidays": ["2026-12-25"]},
                                "channels": ["channel-1"], "languages": ["Spanish"]},
                 "cooldownMinutes": 1440}""");
        Map<?, ?> conditions = (Map<?, ?>) stored.get("conditions");
        Map<?, ?> schedule = (Map<?, ?>) conditions.get("schedule");
        assertEquals("Europe/Berlin", schedule.get("timeZone"));
        assertEquals("OUTSIDE", schedule.get("when"));
        assertEquals(List.of("09:00-12:00"), ((Map<?, ?>) schedule.get("openings")).get("FRIDAY"));
        assertEquals(1440.0, ((Number) stored.get("cooldownMinutes")).doubleValue());
        Map<String, Object> read = parley.object(parley.admin("GET", "/api/rules/" + ((Number) stored.get("id"))
                .longValue(), null).body());
        assertEquals(stored, read);

        HttpResponse<String> badSchedule = parley.admin("POST", "/api/rules", """
                {"name": "x", "match": {"type": "ANY"}, "reply": {"type": "TEXT", "text": "y"},
                 "conditions": {"schedule": {"timeZone": "Mars/Olympus", "openings": {"MONDAY": ["17:00-09:00"]}}}}""");
        assertEquals(400, badSchedule.statusCode());
        assertTrue(badSchedule.body().contains("conditions.schedule.timeZone"), badSchedule.body());
        HttpResponse<String> never = parley.admin("POST", "/api/rules", """
                {"name": "x", "match": {"type": "ANY"}, "reply": {"type": "TEXT", "text": "y"},
                 "conditions": {"schedule": {"timeZone": "UTC", "openings": {}}}}""");
        assertEquals(400, never.statusCode());
        assertTrue(never.body().contains("never opens"), never.body());
    }

    @Test
    void invalidRegexesAreRefusedWithThePositionAndBacktrackingPatternsCannotStall() {
        HttpResponse<String> invalid = parley.admin("POST", "/api/rules", """
                {"name": "bad", "match": {"type": "REGEX", "value": "order (x+"},
                 "reply": {"type": "TEXT", "text": "y"}}""");
        assertEquals(400, invalid.statusCode());
        assertTrue(invalid.body().contains("match.value") && invalid.body().contains("position"), invalid.body());
        HttpResponse<String> lookahead = parley.admin("POST", "/api/rules", """
                {"name": "bad", "match": {"type": "REGEX", "value": "a(?=b)"},
                 "reply": {"type": "TEXT", "text": "y"}}""");
        assertEquals(400, lookahead.statusCode(), "RE2 has no lookaround: " + lookahead.body());

        create("""
                {"name": "evil", "priority": 1, "match": {"type": "REGEX", "value": "(a+)+$"},
                 "reply": {"type": "TEXT", "text": "matched"}}""");
        String attack = "a".repeat(100_000) + "!";
        long start = System.nanoTime();
        Map<String, Object> result = parley.object(parley.admin("POST", "/api/rules/test",
                "{\"text\": \"" + attack + "\"}").body());
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(false, result.get("matched"));
        // a backtracking engine needs astronomically long here; RE2 is linear (the bound is generous for CI)
        assertTrue(millis < 5_000, "took " + millis + " ms");
    }

    @Test
    void aHandoffSilencesTheBotUntilReleased() {
        create("""
                {"name": "Human", "priority": 1, "match": {"type": "CONTAINS", "value": "agent"},
                 "reply": {"type": "HANDOFF", "text": "Connecting you to a colleague."}}""");
        create("""
                {"name": "Fallback", "priority": 9, "match": {"type": "ANY"},
                 "reply": {"type": "TEXT", "text": "Bot here."}}""");
        String customer = "handoff-" + System.nanoTime();
        String first = ParleyClient.event("received-text.json").replace("{sender@id}", customer)
                .replace("00000000-0000-0000-0000-000000000000", customer + "-1")
                .replace("\"Hello\"", "\"I need an agent\"");
        assertEquals(200, parley.postEvents("", first).statusCode());
        String second = first.replace(customer + "-1", customer + "-2").replace("I need an agent", "hello?");
        assertEquals(200, parley.postEvents("", second).statusCode());
        List<Map<String, Object>> messages = parley.messagesOf(customer);
        assertEquals(List.of("INBOUND", "OUTBOUND", "INBOUND"), messages.stream().map(m -> m.get("direction")).toList(),
                "silent after the handoff");
        Map<String, Object> conversation = parley.list("/api/conversations?customerId=" + customer).get(0);
        assertEquals("HANDOFF", conversation.get("botPausedReason"));
        HttpResponse<String> released = parley.admin("POST", "/api/conversations/" + conversation.get("id")
                + "/release", null);
        assertEquals(200, released.statusCode(), released.body());
        assertEquals(null, parley.object(released.body()).get("botPausedReason"));
        String third = first.replace(customer + "-1", customer + "-3").replace("I need an agent", "back?");
        assertEquals(200, parley.postEvents("", third).statusCode());
        assertEquals("Bot here.", parley.messagesOf(customer).get(4).get("text"));
    }

    @Test
    void historyRestoreExportImportReorderAndLint() {
        Map<String, Object> price = create("""
                {"name": "Prices", "priority": 10, "match": {"type": "CONTAINS", "value": "price"},
                 "reply": {"type": "TEXT", "text": "From 10 EUR."}}""");
        long priceId = ((Number) price.get("id")).longValue();
        Map<String, Object> shadowed = create("""
                {"name": "Price list", "priority": 20, "match": {"type": "KEYWORD", "value": "price list"},
                 "reply": {"type": "TEXT", "text": "See attachment."}}""");
        List<?> warnings = (List<?>) shadowed.get("warnings");
        assertEquals("SHADOWED", ((Map<?, ?>) warnings.get(0)).get("kind"), "lint on save: " + shadowed);
        long listId = ((Number) shadowed.get("id")).longValue();

        assertEquals(200, parley.admin("PUT", "/api/rules/" + priceId, """
                {"name": "Prices", "priority": 10, "match": {"type": "CONTAINS", "value": "price"},
                 "reply": {"type": "TEXT", "text": "From 12 EUR."}}""").statusCode());
        List<Map<String, Object>> history = parley.list("/api/rules/" + priceId + "/history");
        assertEquals(List.of("CREATED", "UPDATED"), history.stream().map(v -> v.get("change")).toList());
        assertEquals("admin", history.get(1).get("changedBy"));
        HttpResponse<String> restored = parley.admin("POST", "/api/rules/" + priceId + "/history/1/restore", null);
        assertEquals(200, restored.statusCode(), restored.body());
        assertEquals("From 10 EUR.", ((Map<?, ?>) parley.object(restored.body()).get("reply")).get("text"));

        assertEquals(200, parley.admin("POST", "/api/rules/" + listId + "/disable", null).statusCode());
        assertEquals(false, parley.object(parley.admin("GET", "/api/rules/" + listId, null).body()).get("enabled"));
        HttpResponse<String> reordered = parley.admin("POST", "/api/rules/reorder",
                "{\"ids\": [" + listId + ", " + priceId + "]}");
        assertEquals(200, reordered.statusCode(), reordered.body());
        assertEquals(List.of("Price list", "Prices"), parley.list("/api/rules").stream().map(r -> r.get("name"))
                .toList());

        String exported = parley.admin("GET", "/api/rules/export", null).body();
        assertTrue(!exported.contains("\"id\""), "no ids in the export: " + exported);
        HttpResponse<String> broken = parley.admin("POST", "/api/rules/import", """
                {"rules": [{"name": "ok", "match": {"type": "ANY"}, "reply": {"type": "TEXT", "text": "x"}},
                           {"name": "", "match": {"type": "KEYWORD", "value": ""}, "reply": {"type": "TEXT"}}]}""");
        assertEquals(400, broken.statusCode());
        assertTrue(broken.body().contains("rules[1].name") && broken.body().contains("rules[1].match.value"),
                broken.body());
        assertEquals(2, parley.list("/api/rules").size(), "nothing changed");
        HttpResponse<String> imported = parley.admin("POST", "/api/rules/import", exported.replace("From 10 EUR.",
                "From 11 EUR."));
        assertEquals(200, imported.statusCode(), imported.body());
        List<Map<String, Object>> after = parley.list("/api/rules");
        assertEquals(List.of("Price list", "Prices"), after.stream().map(r -> r.get("name")).toList());
        assertEquals("From 11 EUR.", ((Map<?, ?>) after.get(1).get("reply")).get("text"));
    }

    @Test
    void replayShowsWhatADraftWouldHaveAnsweredDifferently() {
        create("""
                {"name": "Fallback", "priority": 9, "match": {"type": "ANY"},
                 "reply": {"type": "TEXT", "text": "Thanks!"}}""");
        String customer = "replay-" + System.nanoTime();
        for (String text : List.of("what are your hours", "hello")) {
            String event = ParleyClient.event("received-text.json").replace("{sender@id}", customer)
                    .replace("00000000-0000-0000-0000-000000000000", customer + text.length())
                    .replace("\"Hello\"", "\"" + text + "\"");
            assertEquals(200, parley.postEvents("", event).statusCode());
        }
        HttpResponse<String> report = parley.admin("POST", "/api/rules/replay", """
                {"from": "2000-01-01T00:00:00Z",
                 "rules": [{"name": "Hours", "priority": 1, "match": {"type": "CONTAINS", "value": "hours"},
                            "reply": {"type": "TEXT", "text": "9-17"}},
                           {"name": "Fallback", "priority": 9, "match": {"type": "ANY"},
                            "reply": {"type": "TEXT", "text": "Thanks!"}}]}""");
        assertEquals(200, report.statusCode(), report.body());
        Map<String, Object> result = parley.object(report.body());
        List<?> differences = (List<?>) result.get("differences");
        Map<?, ?> hours = differences.stream().map(d -> (Map<?, ?>) d)
                .filter(d -> "what are your hours".equals(d.get("text"))).findFirst().orElseThrow();
        assertEquals("Thanks!", hours.get("actualReply"));
        assertEquals("9-17", hours.get("proposedReply"));
        assertTrue(differences.stream().noneMatch(d -> "hello".equals(((Map<?, ?>) d).get("text"))));
        Map<String, Object> current = parley.object(parley.admin("POST", "/api/rules/replay",
                "{\"from\": \"2000-01-01T00:00:00Z\"}").body());
        assertEquals(0.0, ((Number) current.get("changed")).doubleValue(), "the current rules answered as they did");
    }

    @Test
    void theTesterAnswersWithoutStoringOrSending() {
        int conversationsBefore = parley.list("/api/conversations").size();
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
        List<?> trace = (List<?>) hit.get("trace");
        assertEquals(1, trace.size(), "disabled rules are not evaluated");
        assertEquals("matches: answers", ((Map<?, ?>) trace.get(0)).get("reason"));

        Map<String, Object> miss = parley.object(parley.admin("POST", "/api/rules/test",
                "{\"text\": \"hello\"}").body());
        assertFalse((Boolean) miss.get("matched"));
        assertEquals(conversationsBefore, parley.list("/api/conversations").size(), "the tester stores nothing");
    }
}
