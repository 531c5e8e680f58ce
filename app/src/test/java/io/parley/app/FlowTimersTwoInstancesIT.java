package io.parley.app;

import static io.parley.app.ParleyClient.await;
import static io.parley.app.ParleyClient.event;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.parley.adapters.acs.AcsStub;
import io.parley.adapters.persistence.testing.PostgresTestDatabase;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * Two Parley instances on one PostgreSQL database share the flows' timers: every question's timeout fires once, on
 * one of them, with no customer writing again; and a call started on one instance is answered whichever takes it.
 */
@EnabledIf("io.parley.adapters.persistence.testing.PostgresTestDatabase#available")
class FlowTimersTwoInstancesIT {

    private static final int CUSTOMERS = 40;

    @Test
    void everyTimeoutFiresOnceOnOneOfThem() throws Exception {
        try (AcsStub acs = AcsStub.start(); ApplicationContext context = ApplicationContext.run()) {
            JsonMapper json = context.getBean(JsonMapper.class);
            Map<String, String> env = new HashMap<>(Map.of(
                    "PARLEY_ACS_CONNECTION_STRING", acs.connectionString(),
                    "PARLEY_WEBHOOK_SECRET", "two",
                    "PARLEY_ADMIN_PASSWORD", "two-instances-password",
                    "PARLEY_FLOWS_POLL_INTERVAL", "100ms"));
            Map<String, String> database = PostgresTestDatabase.create("flow_timers");
            database.forEach((key, value) -> env.put(key.toUpperCase().replace('.', '_').replace('-', '_'), value));
            try (ParleyProcess first = ParleyProcess.start(env, "flow-timers-1", json);
                 ParleyProcess second = ParleyProcess.start(env, "flow-timers-2", json)) {
                List<ParleyClient> instances = List.of(first.client(json, "admin", "two-instances-password"),
                        second.client(json, "admin", "two-instances-password"));
                var flow = instances.get(0).admin("POST", "/api/flows", """
                        {"name": "Still there", "start": "q", "steps": [
                          {"id": "q", "type": "ASK", "message": {"type": "TEXT", "text": "Anything else?"},
                           "timeout": "PT10S", "onTimeout": "bye", "next": "thanks"},
                          {"id": "thanks", "type": "END", "message": {"type": "TEXT", "text": "Noted."}},
                          {"id": "bye", "type": "END", "message": {"type": "TEXT", "text": "Bye for now."}}]}""");
                assertEquals(201, flow.statusCode(), flow.body());
                assertEquals(201, instances.get(1).admin("POST", "/api/rules", """
                        {"name": "Start", "priority": 1, "match": {"type": "ANY"},
                         "reply": {"type": "FLOW", "flowId": %s}}""".formatted(
                        instances.get(0).object(flow.body()).get("id"))).statusCode());
                for (int i = 0; i < CUSTOMERS; i++) {
                    String delivery = event("received-text.json")
                            .replace("00000000-0000-0000-0000-000000000000", "timers-" + i)
                            .replace("{sender@id}", customer(i));
                    assertEquals(200, instances.get(i % 2).postEvents("?code=two", delivery).statusCode());
                }
                await(Duration.ofSeconds(20), "every question", () -> countOf(acs, "Anything else?") == CUSTOMERS);
                await(Duration.ofSeconds(30), "every timeout", () -> countOf(acs, "Bye for now.") == CUSTOMERS);
                Thread.sleep(2000);
                for (int i = 0; i < CUSTOMERS; i++) {
                    String to = "\"to\":[\"" + customer(i) + "\"]";
                    assertEquals(2, acs.deliveredSends().stream().filter(r -> r.body().contains(to)).count(),
                            customer(i) + ": the question and one timeout message");
                }
                System.out.println("FlowTimersTwoInstancesIT: " + CUSTOMERS + " timeouts fired once each across two "
                        + "instances");
            }
        }
    }

    private static String customer(int i) {
        return "1778" + String.format("%06d", i);
    }

    private static long countOf(AcsStub acs, String text) {
        return acs.deliveredSends().stream().filter(r -> r.body().contains(text)).count();
    }
}
