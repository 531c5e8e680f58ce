package io.parley.app;

import static io.parley.app.ParleyClient.await;
import static io.parley.app.ParleyClient.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.parley.domain.port.out.MediaStorePort;
import io.parley.domain.port.out.TransactionPort;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A customer's data over HTTP: the summary with their consent, the export (everything, as one document), and the
 * erasure (all of it, media files and dead letters included, nothing of anyone else), checked against the schema
 * itself: after an erasure no column of any table holds the customer's id or one of their message ids (that a new
 * table must say whether it holds customer data is PersistenceAdaptersTest's).
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrivacyTest implements TestPropertyProvider {

    @Inject EmbeddedServer server;
    @Inject JsonMapper json;
    @Inject DataSource dataSource;
    @Inject TransactionPort tx;
    @Inject MediaStorePort media;

    private ParleyClient admin;

    @Override
    public Map<String, String> getProperties() {
        return TestSettings.freshDataDir("parley.demo.seed-team", "false", "parley.demo.analyses", "false",
                "parley.demo.sent-after", "20ms", "parley.demo.delivered-after", "40ms", "parley.demo.read-after",
                "60ms");
    }

    @BeforeAll
    void admin() {
        admin = new ParleyClient(server.getURL().toString(), json, "admin", "admin");
    }

    @Test
    void theExportHoldsEverythingAndTheErasureLeavesNothingOfTheCustomerAndAllOfTheOthers() throws Exception {
        String customer = number();
        String other = number();
        List<String> customersEvents = richCustomer(customer);
        richCustomer(other);

        HttpResponse<String> found = admin.admin("GET", "/api/customers/" + customer, null);
        assertEquals(200, found.statusCode(), found.body());
        Map<String, Object> summary = admin.object(found.body());
        assertEquals(customer, summary.get("customerId"));
        @SuppressWarnings("unchecked")
        Map<String, Object> consent = (Map<String, Object>) summary.get("consent");
        assertEquals(Boolean.FALSE, consent.get("optedOut"), "opted out, then in again");
        assertEquals(2, ((List<?>) consent.get("history")).size());
        @SuppressWarnings("unchecked")
        Map<String, Object> stored = (Map<String, Object>) summary.get("stored");
        assertEquals(1, ((Number) stored.get("conversation")).intValue(), stored.toString());
        assertEquals(1, ((Number) stored.get("dead_letter")).intValue(), stored.toString());
        assertEquals(2, ((Number) stored.get("consent_change")).intValue(), stored.toString());
        assertEquals(messageIdsOf(customer).size(), ((Number) stored.get("message")).intValue(), stored.toString());

        HttpResponse<String> export = admin.admin("GET", "/api/customers/" + customer + "/export", null);
        assertEquals(200, export.statusCode(), export.body());
        assertTrue(export.headers().firstValue("Content-Disposition").orElse("").contains("attachment"));
        Set<String> rowsNamingTheCustomer = tablesHolding(customer, messageIdsOf(customer));
        assertTrue(rowsNamingTheCustomer.containsAll(List.of("conversation", "message", "message_status_history",
                "media_download", "message_analysis", "consent_change", "dead_letter")), rowsNamingTheCustomer.toString());
        Map<String, Object> document = admin.object(export.body());
        Set<String> exported = keysOf(document);
        for (String table : rowsNamingTheCustomer) {
            assertTrue(exported.contains(table), "the export leaves out " + table + ": " + exported);
        }
        assertFalse(export.body().contains(other), "nobody else's data");
        assertTrue(export.body().contains("\"size\":\"M\""), "the flow's variables are in the export: "
                + export.body());

        List<UUID> messages = messageIdsOf(customer);
        UUID withMedia = mediaMessageOf(customer);
        assertTrue(media.open(withMedia).isPresent(), "the media file is there before");

        HttpResponse<String> erased = admin.admin("DELETE", "/api/customers/" + customer, null);
        assertEquals(200, erased.statusCode(), erased.body());
        assertTrue(tablesHolding(customer, messages).isEmpty(), "left after the erasure: "
                + tablesHolding(customer, messages));
        assertTrue(media.open(withMedia).isEmpty(), "the media file is gone");
        assertEquals(404, admin.admin("GET", "/api/customers/" + customer, null).statusCode());
        assertEquals(404, admin.admin("DELETE", "/api/customers/" + customer, null).statusCode());
        assertFalse(tablesHolding(other, messageIdsOf(other)).isEmpty(), "the other customer's data stays");

        for (String delivery : customersEvents) {
            assertEquals(200, admin.postEvents("", delivery).statusCode());
        }
        assertEquals(404, admin.admin("GET", "/api/customers/" + customer, null).statusCode(),
                "a redelivery of an erased customer's event is still a duplicate");

        Map<String, Object> audit = admin.list("/api/audit?action=CUSTOMER_ERASED").get(0);
        assertTrue(String.valueOf(audit.get("target")).matches("customer [0-9a-f]{16}"), audit.toString());
        assertTrue(String.valueOf(audit.get("detail")).startsWith("erased "), audit.toString());
        Map<String, Object> exportAudit = admin.list("/api/audit?action=CUSTOMER_EXPORTED").get(0);
        assertEquals(audit.get("target"), exportAudit.get("target"), "one customer, one reference");
        assertFalse(admin.admin("GET", "/api/audit?limit=1000", null).body().contains(customer),
                "the audit never holds the number");
    }

    @Test
    void anErasureDuringDeliveriesForTheSameCustomerLeavesNothingHalfErased() throws Exception {
        String customer = number();
        customerWrites(customer, "hello", UUID.randomUUID().toString());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> deliveries = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String text = "message " + i;
                deliveries.add(pool.submit(() -> admin.postEvents("", textEvent(customer, text,
                        UUID.randomUUID().toString())).statusCode()));
            }
            Thread.sleep(ThreadLocalRandom.current().nextInt(5, 40));
            HttpResponse<String> erased = admin.admin("DELETE", "/api/customers/" + customer, null);
            assertEquals(200, erased.statusCode(), erased.body());
            for (Future<Integer> delivery : deliveries) {
                assertEquals(200, delivery.get(), "every delivery is stored or erased, never refused");
            }
        } finally {
            pool.shutdown();
        }
        // whatever came after the erasure is a customer starting anew: whole conversations, no orphans
        assertEquals(List.of(), orphans(), "rows left pointing at erased messages or conversations");
    }

    // ---------- a customer with something in every table ----------

    private List<String> richCustomer(String customer) {
        String tag = UUID.randomUUID().toString().substring(0, 8); // the rule's own word, not the customer's number
        assertEquals(201, admin.admin("POST", "/api/flows", """
                {"name": "Size %s", "start": "q", "steps": [
                  {"id": "q", "type": "ASK", "message": {"type": "TEXT", "text": "Which size?"},
                   "expect": {"type": "REGEX", "pattern": "(S|M|L)"}, "save": "size", "next": "colour"},
                  {"id": "colour", "type": "ASK", "message": {"type": "TEXT", "text": "Size {{flow.size}}. Colour?"},
                   "save": "colour", "next": "done"},
                  {"id": "done", "type": "END", "message": {"type": "TEXT", "text": "Noted."}}]}"""
                .formatted(tag)).statusCode());
        long flowId = admin.list("/api/flows").stream().filter(f -> ("Size " + tag).equals(f.get("name")))
                .map(f -> ((Number) f.get("id")).longValue()).findFirst().orElseThrow();
        assertEquals(201, admin.admin("POST", "/api/rules", "{\"name\": \"Size " + tag + "\", \"priority\": 1, "
                + "\"match\": {\"type\": \"KEYWORD\", \"value\": \"size " + tag + "\"}, \"reply\": {\"type\": "
                + "\"FLOW\", \"flowId\": " + flowId + "}}").statusCode());
        List<String> deliveries = new ArrayList<>();
        String hello = UUID.randomUUID().toString();
        deliveries.add(customerWrites(customer, "hello", hello));
        await(Duration.ofSeconds(20), "the greeting read", () -> settled(customer));
        deliveries.add(customerWrites(customer, "STOP", UUID.randomUUID().toString()));
        deliveries.add(customerWrites(customer, "START", UUID.randomUUID().toString()));
        String picture = event("received-media.json").replace("{sender@id}", customer)
                .replace("00000000-0000-0000-0000-000000000000", UUID.randomUUID().toString());
        assertEquals(200, admin.postEvents("", picture).statusCode());
        deliveries.add(picture);
        String analysis = ParleyClient.analysisEvent(UUID.randomUUID().toString(), customer,
                "11111111-1111-1111-1111-111111111111", "hello", "English", "Greeting");
        assertEquals(200, admin.postEvents("", analysis).statusCode());
        // last, the flow: it stays at its second question, with the first answer saved
        deliveries.add(customerWrites(customer, "size " + tag, UUID.randomUUID().toString()));
        deliveries.add(customerWrites(customer, "M", UUID.randomUUID().toString()));
        HttpResponse<String> refused = admin.postEvents("", "[{\"id\": \"x\", \"data\": {\"from\": \"" + customer
                + "\", \"content\": \"broken");
        assertEquals(400, refused.statusCode(), "a dead letter that names the customer");
        await(Duration.ofSeconds(20), "the media downloaded and the replies read", () -> {
            UUID m = mediaMessageOf(customer);
            return m != null && openable(m) && settled(customer);
        });
        return deliveries;
    }

    /** Every reply to the customer read (or refused for good): none in flight. */
    private boolean settled(String customer) {
        return admin.messagesOf(customer).stream().filter(x -> "OUTBOUND".equals(x.get("direction")))
                .allMatch(x -> "READ".equals(x.get("status")) || "FAILED".equals(x.get("status")));
    }

    private boolean openable(UUID message) {
        try {
            return media.open(message).map(in -> {
                try (in) {
                    return true;
                } catch (IOException e) {
                    return false;
                }
            }).orElse(false);
        } catch (IOException e) {
            return false;
        }
    }

    private String customerWrites(String customer, String text, String eventId) {
        String delivery = textEvent(customer, text, eventId);
        assertEquals(200, admin.postEvents("", delivery).statusCode());
        return delivery;
    }

    private static String textEvent(String customer, String text, String eventId) {
        return event("received-text.json").replace("{sender@id}", customer)
                .replace("00000000-0000-0000-0000-000000000000", eventId).replace("\"Hello\"", "\"" + text + "\"");
    }

    private static String number() {
        return "4917" + (10_000_000 + ThreadLocalRandom.current().nextInt(80_000_000));
    }

    // ---------- the database, read as the schema says ----------

    private List<UUID> messageIdsOf(String customer) {
        return query("SELECT m.id FROM message m JOIN conversation c ON c.id = m.conversation_id "
                + "WHERE c.customer_id = '" + customer + "'").stream().map(UUID::fromString).toList();
    }

    private UUID mediaMessageOf(String customer) {
        return query("SELECT d.message_id FROM media_download d JOIN message m ON m.id = d.message_id JOIN "
                + "conversation c ON c.id = m.conversation_id WHERE c.customer_id = '" + customer + "'").stream()
                .map(UUID::fromString).findFirst().orElse(null);
    }

    private List<String> orphans() {
        List<String> found = new ArrayList<>();
        for (String table : List.of("message_status_history", "media_download", "outbox", "message_analysis")) {
            found.addAll(query("SELECT '" + table + "' FROM " + table + " t WHERE t.message_id IS NOT NULL AND "
                    + "NOT EXISTS (SELECT 1 FROM message m WHERE m.id = t.message_id)"));
        }
        found.addAll(query("SELECT 'scheduled_work' FROM scheduled_work w WHERE NOT EXISTS (SELECT 1 FROM "
                + "conversation c WHERE c.id = w.conversation_id)"));
        return found;
    }

    /** The tables with a row any of whose columns (text, or bytes read as UTF-8) holds one of the needles. */
    private Set<String> tablesHolding(String customer, List<UUID> messageIds) {
        List<String> needles = new ArrayList<>(List.of(customer));
        messageIds.forEach(id -> needles.add(id.toString()));
        return inTransaction(c -> {
            Set<String> tables = new java.util.TreeSet<>();
            List<String> names = TestDatabase.tables(c);
            for (String table : names) {
                try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery("SELECT * FROM " + table)) {
                    int columns = rows.getMetaData().getColumnCount();
                    while (rows.next() && !tables.contains(table)) {
                        for (int i = 1; i <= columns; i++) {
                            Object value = rows.getObject(i);
                            String text = value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
                                    : value == null ? null : String.valueOf(value);
                            if (text != null && needles.stream().anyMatch(text::contains)) {
                                tables.add(table);
                                break;
                            }
                        }
                    }
                }
            }
            return tables;
        });
    }

    private List<String> query(String sql) {
        return inTransaction(c -> {
            List<String> values = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery(sql)) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
            return values;
        });
    }

    private <T> T inTransaction(TestDatabase.OnConnection<T> work) {
        return TestDatabase.inTransaction(tx, dataSource, work);
    }

    /** Every key at every depth of the document. */
    private static Set<String> keysOf(Object node) {
        Set<String> keys = new HashSet<>();
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                keys.add(String.valueOf(k));
                keys.addAll(keysOf(v));
            });
        } else if (node instanceof List<?> list) {
            list.forEach(v -> keys.addAll(keysOf(v)));
        }
        return keys;
    }
}
