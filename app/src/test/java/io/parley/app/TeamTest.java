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
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import io.parley.domain.port.out.TransactionPort;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The team over HTTP: inviting users with one-time passwords, changing roles and passwords, removing users, what
 * each change does to sessions already open, Argon2id hashes and no password anywhere in the database, and the
 * audit log of every change and sign-in.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TeamTest implements TestPropertyProvider {

    @Inject EmbeddedServer server;
    @Inject JsonMapper json;
    @Inject DataSource dataSource;
    @Inject TransactionPort tx;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private ParleyClient admin;

    @Override
    public Map<String, String> getProperties() {
        return TestSettings.freshDataDir("parley.demo.seed-rules", "false", "parley.demo.seed-team", "false",
                "parley.demo.analyses", "false");
    }

    @BeforeAll
    void admin() {
        admin = new ParleyClient(server.getURL().toString(), json, "admin", "admin");
    }

    @Test
    void anInvitedUserMustChooseTheirOwnPasswordBeforeAnythingElse() {
        assertEquals(201, invite("dana", "one-time-password-1", "EDITOR").statusCode());
        ParleyClient dana = client("dana", "one-time-password-1");
        HttpResponse<String> first = dana.admin("GET", "/api/rules", null);
        assertEquals(403, first.statusCode());
        assertEquals("PASSWORD_CHANGE_REQUIRED", admin.object(first.body()).get("code"));
        assertEquals(Boolean.TRUE, admin.object(dana.admin("GET", "/api/users/dana", null).body())
                .get("mustChangePassword"));

        HttpResponse<String> withoutCurrent = dana.admin("PUT", "/api/users/dana",
                "{\"password\": \"danas-own-password\"}");
        assertEquals(400, withoutCurrent.statusCode());
        assertEquals("currentPassword", field(withoutCurrent));
        HttpResponse<String> tooShort = dana.admin("PUT", "/api/users/dana",
                "{\"password\": \"short\", \"currentPassword\": \"one-time-password-1\"}");
        assertEquals("password", field(tooShort));
        HttpResponse<String> changed = dana.admin("PUT", "/api/users/dana",
                "{\"password\": \"danas-own-password\", \"currentPassword\": \"one-time-password-1\"}");
        assertEquals(200, changed.statusCode(), changed.body());
        assertEquals(Boolean.FALSE, admin.object(changed.body()).get("mustChangePassword"));

        assertEquals(401, dana.admin("GET", "/api/rules", null).statusCode(), "the one-time password is gone");
        ParleyClient own = client("dana", "danas-own-password");
        assertEquals(200, own.admin("GET", "/api/rules", null).statusCode());
        HttpResponse<String> promote = own.admin("PUT", "/api/users/dana", "{\"role\": \"ADMIN\"}");
        assertEquals(400, promote.statusCode(), "nobody gives themselves a role");
        assertEquals("role", field(promote));
    }

    @Test
    void namesAndPasswordsAreCheckedAndNeverComeBack() {
        assertEquals(List.of("password"), fields(invite("erin", "short", "VIEWER")));
        assertEquals(List.of("role"), fields(invite("erin", "a-long-enough-password", "OWNER")));
        assertEquals(List.of("username"), fields(invite("er in", "a-long-enough-password", "VIEWER")));
        assertEquals(List.of("username"), fields(invite("ADMIN", "a-long-enough-password", "VIEWER")),
                "the admin of the settings keeps its name");
        assertEquals(List.of("password"), fields(invite("erin", "aaaaaaaaaaaaaaaa", "VIEWER")));
        assertEquals(201, invite("erin", "a-long-enough-password", "VIEWER").statusCode());
        HttpResponse<String> twice = invite("Erin", "another-long-password", "AGENT");
        assertEquals(409, twice.statusCode(), "names are unique ignoring case");

        HttpResponse<String> list = admin.admin("GET", "/api/users", null);
        assertEquals(200, list.statusCode());
        assertFalse(list.body().contains("a-long-enough-password") || list.body().contains("argon2")
                || list.body().toLowerCase().contains("hash"), list.body());
        List<Map<String, Object>> users = admin.list("/api/users");
        assertEquals("admin", users.get(0).get("username"));
        assertEquals("settings", users.get(0).get("source"));
        assertTrue(users.stream().anyMatch(u -> "erin".equals(u.get("username")) && "VIEWER".equals(u.get("role"))
                && "Viewer".equals(u.get("roleLabel"))), users.toString());
        assertEquals(409, admin.admin("DELETE", "/api/users/admin", null).statusCode());
        assertEquals(404, admin.admin("DELETE", "/api/users/nobody-at-all", null).statusCode());
    }

    @Test
    void noPasswordIsStoredInClearAnywhereAndEachHashIsArgon2id() {
        String password = "plain-text-would-show-" + UUID.randomUUID();
        assertEquals(201, invite("frank", password, "AGENT").statusCode());
        assertEquals(200, client("frank", password).admin("PUT", "/api/users/frank",
                "{\"password\": \"" + password + "-2\", \"currentPassword\": \"" + password + "\"}").statusCode());
        List<String> everything = databaseDump();
        assertTrue(everything.size() > 50, "the dump read the tables: " + everything.size());
        assertTrue(everything.stream().noneMatch(v -> v.contains(password)), "a password is stored in clear");
        List<String> hashes = inTransaction(c -> {
            List<String> found = new ArrayList<>();
            try (Statement s = c.createStatement();
                 ResultSet rows = s.executeQuery("SELECT password_hash FROM app_user")) {
                while (rows.next()) {
                    found.add(rows.getString(1));
                }
            }
            return found;
        });
        assertFalse(hashes.isEmpty());
        hashes.forEach(h -> assertTrue(h.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), h));
    }

    @Test
    void aRoleChangeAndARemovalReachSessionsAlreadyOpen() {
        assertEquals(201, admin.admin("POST", "/api/users", "{\"username\": \"gina\", \"password\": "
                + "\"ginas-password-1\", \"role\": \"EDITOR\", \"oneTimePassword\": false}").statusCode());
        Session gina = login("gina", "ginas-password-1");
        Map<String, Object> session = admin.object(gina.get("/console/session").body());
        assertEquals("EDITOR", session.get("role"));
        assertEquals(Map.of("answer", false, "edit", true, "administer", false), session.get("can"));
        String rule = "{\"name\": \"R\", \"match\": {\"type\": \"KEYWORD\", \"value\": \"r\"}, "
                + "\"reply\": {\"type\": \"TEXT\", \"text\": \"r\"}}";
        assertEquals(201, gina.post("/api/rules", rule).statusCode());

        assertEquals(200, admin.admin("PUT", "/api/users/gina", "{\"role\": \"VIEWER\"}").statusCode());
        HttpResponse<String> demoted = gina.post("/api/rules", rule);
        assertEquals(403, demoted.statusCode(), "the session's role is the user's role now");
        assertEquals(200, gina.get("/api/rules").statusCode());

        assertEquals(200, admin.admin("PUT", "/api/users/gina", "{\"password\": \"a-new-one-time-pass\"}")
                .statusCode());
        assertEquals(401, gina.get("/api/rules").statusCode(), "a new password ends the sessions before it");
        Session again = login("gina", "a-new-one-time-pass");
        assertEquals(Boolean.TRUE, admin.object(again.get("/console/session").body()).get("mustChangePassword"));

        assertEquals(204, admin.admin("DELETE", "/api/users/gina", null).statusCode());
        assertEquals(401, again.get("/api/rules").statusCode(), "a removed user's session is over");
        assertEquals(401, client("gina", "a-new-one-time-pass").admin("GET", "/api/rules", null).statusCode());
    }

    @Test
    void guessingAtAUsersPasswordIsThrottledLikeTheAdmins() {
        assertEquals(201, invite("hank", "hanks-password-1", "VIEWER").statusCode());
        for (int i = 0; i < 5; i++) {
            assertEquals(401, client("hank", "wrong-" + i).admin("GET", "/api/rules", null).statusCode());
        }
        HttpResponse<String> right = client("hank", "hanks-password-1").admin("GET", "/api/rules", null);
        assertEquals(429, right.statusCode(), "even the right password waits out the window");
        assertTrue(right.headers().firstValue("Retry-After").isPresent());
    }

    @Test
    void everyChangeAndSignInIsInTheAuditLogWithWhoWhatAndWhen() {
        Instant before = Instant.now().minusSeconds(1);
        assertEquals(201, admin.admin("POST", "/api/users", "{\"username\": \"ivy\", \"password\": "
                + "\"ivys-password-12\", \"role\": \"EDITOR\", \"oneTimePassword\": false}").statusCode());
        ParleyClient ivy = client("ivy", "ivys-password-12");
        HttpResponse<String> created = ivy.admin("POST", "/api/rules", "{\"name\": \"Hours\", \"match\": "
                + "{\"type\": \"KEYWORD\", \"value\": \"hours\"}, \"reply\": {\"type\": \"TEXT\", \"text\": \"9-5\"}}");
        Object ruleId = admin.object(created.body()).get("id");
        assertEquals(200, ivy.admin("PUT", "/api/rules/" + ruleId, "{\"name\": \"Opening hours\", \"match\": "
                + "{\"type\": \"KEYWORD\", \"value\": \"hours\"}, \"reply\": {\"type\": \"TEXT\", \"text\": \"9-6\"}}")
                .statusCode());
        assertEquals(200, ivy.admin("POST", "/api/rules/" + ruleId + "/history/1/restore", null).statusCode());
        HttpResponse<String> flow = ivy.admin("POST", "/api/flows", """
                {"name": "Ask", "start": "q", "steps": [
                  {"id": "q", "type": "ASK", "message": {"type": "TEXT", "text": "Which order?"}, "next": "done"},
                  {"id": "done", "type": "END", "message": {"type": "TEXT", "text": "Thanks."}}]}""");
        assertEquals(201, flow.statusCode(), flow.body());
        Object flowId = admin.object(flow.body()).get("id");
        assertEquals(201, ivy.admin("POST", "/api/rules", "{\"name\": \"Start\", \"priority\": 1, \"match\": "
                + "{\"type\": \"KEYWORD\", \"value\": \"order\"}, \"reply\": {\"type\": \"FLOW\", \"flowId\": "
                + flowId + "}}").statusCode());
        String customer = "4915" + (10_000_000 + (int) (Math.random() * 80_000_000));
        assertEquals(200, admin.postEvents("", event("received-text.json").replace("{sender@id}", customer)
                .replace("00000000-0000-0000-0000-000000000000", UUID.randomUUID().toString())
                .replace("\"Hello\"", "\"order\"")).statusCode());
        Object conversation = admin.list("/api/conversations?customerId=" + customer).get(0).get("id");
        await(Duration.ofSeconds(10), "the flow asks", () -> admin.messagesOf(customer).size() >= 2);
        assertEquals(204, admin.admin("POST", "/api/conversations/" + conversation + "/flow/cancel", null)
                .statusCode());
        assertEquals(200, admin.admin("POST", "/api/conversations/" + conversation + "/release", null)
                .statusCode());
        assertEquals(200, admin.admin("PUT", "/api/users/ivy", "{\"role\": \"VIEWER\"}").statusCode());
        assertEquals(401, client("ivy", "not-ivys-password").admin("GET", "/api/rules", null).statusCode());
        login("ivy", "ivys-password-12");
        assertEquals(204, admin.admin("DELETE", "/api/users/ivy", null).statusCode());
        assertEquals(204, admin.admin("DELETE", "/api/rules/" + ruleId, null).statusCode());

        List<Map<String, Object>> log = admin.list("/api/audit?from=" + before + "&limit=1000");
        List<String> lines = log.stream().map(e -> e.get("actor") + " " + e.get("action") + " " + e.get("target"))
                .toList();
        List<String> expected = List.of(
                "admin USER_CREATED user ivy",
                "ivy SIGNED_IN sign-in",
                "ivy RULE_CREATED rule " + ruleId,
                "ivy RULE_CHANGED rule " + ruleId,
                "ivy RULE_RESTORED rule " + ruleId,
                "ivy FLOW_CREATED flow " + flowId,
                "admin FLOW_CANCELLED conversation " + conversation,
                "admin BOT_RELEASED conversation " + conversation,
                "admin USER_ROLE_CHANGED user ivy",
                "ivy SIGN_IN_FAILED sign-in",
                "ivy SIGNED_IN sign-in",
                "admin USER_REMOVED user ivy",
                "admin RULE_DELETED rule " + ruleId);
        List<String> mine = new ArrayList<>(lines.stream().filter(expected::contains).toList());
        java.util.Collections.reverse(mine);
        assertEquals(expected, mine, "oldest first here, newest first in the API: " + lines);
        Map<String, Object> change = log.stream().filter(e -> "RULE_CHANGED".equals(e.get("action"))).findFirst()
                .orElseThrow();
        assertEquals("\"Opening hours\", version 2", change.get("detail"));
        assertEquals("changed a rule", change.get("words"));
        Map<String, Object> role = log.stream().filter(e -> "USER_ROLE_CHANGED".equals(e.get("action"))
                && "user ivy".equals(e.get("target"))).findFirst().orElseThrow();
        assertEquals("from Editor to Viewer", role.get("detail"));
        Map<String, Object> consoleSignIn = log.stream().filter(e -> "SIGNED_IN".equals(e.get("action"))
                && "ivy".equals(e.get("actor")) && String.valueOf(e.get("detail")).startsWith("console")).findFirst()
                .orElseThrow();
        assertTrue(String.valueOf(consoleSignIn.get("detail")).contains("127.0.0.1"), consoleSignIn.toString());
        assertFalse(log.toString().contains("ivys-password-12") || log.toString().contains("not-ivys-password"));

        assertTrue(admin.list("/api/audit?actor=ivy&action=RULE_CREATED").stream()
                .allMatch(e -> "ivy".equals(e.get("actor")) && "RULE_CREATED".equals(e.get("action"))));
        assertEquals(2, admin.list("/api/audit?actor=ivy&action=RULE_CREATED").size(), "Hours and Start");
        List<Map<String, Object>> two = admin.list("/api/audit?limit=2");
        assertEquals(2, two.size());
        List<Map<String, Object>> next = admin.list("/api/audit?limit=2&before=" + two.get(1).get("id"));
        assertTrue(((Number) next.get(0).get("id")).longValue() < ((Number) two.get(1).get("id")).longValue());
        assertTrue(admin.list("/api/audit?to=" + before).stream().noneMatch(e -> "user ivy".equals(e.get("target"))));
        HttpResponse<String> unknown = admin.admin("GET", "/api/audit?action=PAINTED_THE_SHED", null);
        assertEquals(400, unknown.statusCode());
        assertEquals("action", field(unknown));
        assertEquals(400, admin.admin("GET", "/api/audit?limit=0", null).statusCode());
    }

    @Test
    void anAgentsMessageCarriesTheirNameAndSilencesTheBotInThatConversation() {
        assertEquals(201, admin.admin("POST", "/api/users", "{\"username\": \"sam\", \"password\": "
                + "\"sams-password-12\", \"role\": \"AGENT\", \"oneTimePassword\": false}").statusCode());
        assertEquals(201, admin.admin("POST", "/api/rules", "{\"name\": \"Any\", \"priority\": 500, \"match\": "
                + "{\"type\": \"ANY\"}, \"reply\": {\"type\": \"TEXT\", \"text\": \"Bot here.\"}}").statusCode());
        String customer = "4916" + (10_000_000 + (int) (Math.random() * 80_000_000));
        customerWrites(customer, "hello");
        await(Duration.ofSeconds(10), "the bot answers", () -> admin.messagesOf(customer).size() == 2);
        Object conversation = admin.list("/api/conversations?customerId=" + customer).get(0).get("id");
        HttpResponse<String> sent = client("sam", "sams-password-12").admin("POST", "/api/conversations/"
                + conversation + "/messages", "{\"text\": \"Sam here, I can help.\"}");
        assertEquals(201, sent.statusCode(), sent.body());
        assertEquals("sam", admin.object(sent.body()).get("sentBy"));
        Map<String, Object> asAdmin = admin.object(admin.admin("GET", "/api/conversations/" + conversation, null)
                .body());
        assertEquals("AGENT", asAdmin.get("botPausedReason"), asAdmin.toString());

        customerWrites(customer, "thanks Sam");
        // a rule's reply is stored in the same transaction as the message it answers
        await(Duration.ofSeconds(10), "the customer's message is stored", () -> admin.messagesOf(customer).size() >= 4);
        List<Map<String, Object>> messages = admin.messagesOf(customer);
        assertEquals(4, messages.size(), "the bot does not answer while Sam talks: " + messages);
        assertEquals("sam", messages.get(2).get("sentBy"));
        assertEquals(null, messages.get(1).get("sentBy"));
        Map<String, Object> audit = admin.list("/api/audit?actor=sam&action=AGENT_MESSAGE").get(0);
        assertEquals("conversation " + conversation, audit.get("target"));
        assertEquals("a text of 21 characters", audit.get("detail"));
    }

    private void customerWrites(String customer, String text) {
        assertEquals(200, admin.postEvents("", event("received-text.json").replace("{sender@id}", customer)
                .replace("00000000-0000-0000-0000-000000000000", UUID.randomUUID().toString())
                .replace("\"Hello\"", "\"" + text + "\"")).statusCode());
    }

    // ---------- helpers ----------

    private HttpResponse<String> invite(String username, String password, String role) {
        return admin.admin("POST", "/api/users", "{\"username\": \"" + username + "\", \"password\": \"" + password
                + "\", \"role\": \"" + role + "\"}");
    }

    private ParleyClient client(String username, String password) {
        return new ParleyClient(server.getURL().toString(), json, username, password);
    }

    private String field(HttpResponse<String> response) {
        List<String> fields = fields(response);
        assertEquals(1, fields.size(), response.body());
        return fields.get(0);
    }

    @SuppressWarnings("unchecked")
    private List<String> fields(HttpResponse<String> response) {
        assertEquals(400, response.statusCode(), response.body());
        return ((List<Map<String, Object>>) admin.object(response.body()).get("fields")).stream()
                .map(f -> (String) f.get("field")).toList();
    }

    /** Every value of every column of every table of Parley's schema, as text. */
    private List<String> databaseDump() {
        return inTransaction(c -> {
            List<String> values = new ArrayList<>();
            List<String> tables = TestDatabase.tables(c);
            assertTrue(tables.stream().anyMatch(t -> t.equalsIgnoreCase("app_user")), tables.toString());
            for (String table : tables) {
                try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery("SELECT * FROM \""
                        + table + "\"")) {
                    int columns = rows.getMetaData().getColumnCount();
                    while (rows.next()) {
                        for (int i = 1; i <= columns; i++) {
                            String value = rows.getString(i);
                            if (value != null) {
                                values.add(value);
                            }
                        }
                    }
                }
            }
            return values;
        });
    }

    private <T> T inTransaction(TestDatabase.OnConnection<T> work) {
        return TestDatabase.inTransaction(tx, dataSource, work);
    }

    /** A console session: its cookies and CSRF token. */
    private final class Session {
        private final Map<String, String> cookies;
        private final String csrf;

        Session(Map<String, String> cookies) {
            this.cookies = cookies;
            Map<String, Object> session = admin.object(send(HttpRequest.newBuilder(uri("/console/session"))
                    .header("Cookie", cookieHeader()).GET().build()).body());
            this.csrf = (String) session.get("csrfToken");
        }

        HttpResponse<String> get(String path) {
            return send(HttpRequest.newBuilder(uri(path)).header("Cookie", cookieHeader())
                    .header("X-Requested-With", "XMLHttpRequest").GET().build());
        }

        HttpResponse<String> post(String path, String body) {
            return send(HttpRequest.newBuilder(uri(path)).header("Cookie", cookieHeader())
                    .header("Content-Type", "application/json").header("X-CSRF-TOKEN", csrf)
                    .header("X-Requested-With", "XMLHttpRequest")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        }

        private String cookieHeader() {
            return cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; "));
        }
    }

    private Session login(String username, String password) {
        HttpResponse<String> login = send(HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + URLEncoder.encode(username,
                        StandardCharsets.UTF_8) + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8)))
                .build());
        assertEquals(303, login.statusCode());
        assertEquals("/console/", login.headers().firstValue("Location").orElseThrow(), "signed in");
        return new Session(ParleyClient.cookiesOf(login));
    }

    private URI uri(String path) {
        return URI.create(server.getURL() + path);
    }

    private HttpResponse<String> send(HttpRequest request) {
        return ParleyClient.send(http, request);
    }
}
