package io.parley.app;

import static io.parley.app.ParleyClient.await;
import static io.parley.app.ParleyClient.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.parley.adapters.acs.AcsStub;
import io.parley.adapters.persistence.testing.PostgresTestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * Two Parley instances (two JVMs from the packaged jar) on one PostgreSQL database, as in a scaled-out production
 * deployment, under one load: Event Grid spreads deliveries over both and redelivers a third of them to the other
 * instance at the same time. No event may be lost and no reply sent twice. Prints its verdict.
 */
@EnabledIf("io.parley.adapters.persistence.testing.PostgresTestDatabase#available")
class TwoInstancesIT {

    private static final int CUSTOMERS = 300;

    @Test
    void noEventLostAndNoReplySentTwice() throws Exception {
        try (AcsStub acs = AcsStub.start(); ApplicationContext context = ApplicationContext.run()) {
            JsonMapper json = context.getBean(JsonMapper.class);
            Map<String, String> env = new HashMap<>(Map.of(
                    "PARLEY_ACS_CONNECTION_STRING", acs.connectionString(),
                    "PARLEY_WEBHOOK_SECRET", "two",
                    "PARLEY_ADMIN_PASSWORD", "two-instances-password"));
            Map<String, String> database = PostgresTestDatabase.create("two_instances");
            database.forEach((key, value) -> env.put(key.toUpperCase().replace('.', '_').replace('-', '_'), value));
            try (ParleyProcess first = ParleyProcess.start(env, "two-instances-1", json);
                 ParleyProcess second = ParleyProcess.start(env, "two-instances-2", json)) {
                List<ParleyClient> instances = List.of(first.client(json, "admin", "two-instances-password"),
                        second.client(json, "admin", "two-instances-password"));
                assertEquals(201, instances.get(0).admin("POST", "/api/rules", """
                        {"name": "All", "priority": 1, "match": {"type": "ANY"},
                         "reply": {"type": "TEXT", "text": "Got it."}}""").statusCode());
                Random random = new Random(2);
                ExecutorService pool = Executors.newFixedThreadPool(8);
                List<Future<Integer>> posts = new ArrayList<>();
                int redelivered = 0;
                for (int i = 0; i < CUSTOMERS; i++) {
                    String delivery = event("received-text.json")
                            .replace("00000000-0000-0000-0000-000000000000", "two-" + i)
                            .replace("{sender@id}", "1777" + String.format("%06d", i));
                    ParleyClient target = instances.get(i % 2);
                    posts.add(pool.submit(() -> target.postEvents("?code=two", delivery).statusCode()));
                    if (random.nextInt(3) == 0) {
                        redelivered++;
                        ParleyClient other = instances.get((i + 1) % 2);
                        posts.add(pool.submit(() -> other.postEvents("?code=two", delivery).statusCode()));
                    }
                }
                for (Future<Integer> post : posts) {
                    assertEquals(200, post.get());
                }
                pool.shutdown();
                await(Duration.ofSeconds(60), CUSTOMERS + " replies at ACS",
                        () -> acs.deliveredSends().size() >= CUSTOMERS);
                // every event was acknowledged, so every reply is stored; once the outbox is empty none can be
                // sent again and what ACS received is final
                await(Duration.ofSeconds(60), "an empty outbox", () -> outboxSize(database) == 0);
                Map<String, Long> sendsPerCustomer = acs.deliveredSends().stream().collect(Collectors.groupingBy(
                        r -> r.body().replaceAll(".*\"to\":\\[\"([^\"]*)\"].*", "$1"), Collectors.counting()));
                long requestsWithTheSameRepeatabilityId = acs.requests().size()
                        - acs.requests().stream().map(AcsStub.Recorded::repeatabilityId).distinct().count();
                int conversations = instances.get(1).list("/api/conversations?limit=1000").size();
                boolean pass = sendsPerCustomer.size() == CUSTOMERS
                        && sendsPerCustomer.values().stream().allMatch(n -> n == 1) && conversations == CUSTOMERS;
                System.out.printf("TWO INSTANCES VERDICT: %s: %d events (%d redelivered to the other instance), "
                                + "%d conversations stored, %d customers answered, %d answered more than once, "
                                + "%d repeated requests%n", pass ? "PASS" : "FAIL", CUSTOMERS, redelivered,
                        conversations, sendsPerCustomer.size(),
                        sendsPerCustomer.values().stream().filter(n -> n > 1).count(),
                        requestsWithTheSameRepeatabilityId);
                assertEquals(CUSTOMERS, conversations, "every event stored");
                assertEquals(CUSTOMERS, sendsPerCustomer.size(), "every customer answered");
                assertTrue(sendsPerCustomer.values().stream().allMatch(n -> n == 1), "nobody answered twice");
                for (int i = 0; i < 5; i++) {
                    assertEquals(2, instances.get(i % 2).messagesOf("1777" + String.format("%06d", i)).size());
                }
            }
        }
    }

    private static long outboxSize(Map<String, String> database) {
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(
                database.get("datasources.default.url"), database.get("datasources.default.username"),
                database.get("datasources.default.password"));
             java.sql.ResultSet rows = connection.createStatement().executeQuery("SELECT count(*) FROM outbox")) {
            rows.next();
            return rows.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
