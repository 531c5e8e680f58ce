package io.parley.loadgen;

import io.parley.adapters.persistence.testing.PostgresTestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How fast the analytics API answers at a real size: a fresh PostgreSQL database gets the packaged jar's schema,
 * 60 rules and 5 flows made through the API, then {@code --messages} stored messages (half from customers, half
 * replies) spread evenly over {@code --days} days and {@code --channels} channels, written directly by SQL with
 * insight's counts and unanswered texts derived from those very messages (as the jar would have kept them: one
 * count row per hour, channel, metric and dimension). After {@code VACUUM ANALYZE} (what autovacuum does to a table
 * that grew), every endpoint is asked {@code --runs} times for the whole range, for all channels and for one, and
 * the median, 95th percentile and worst time are printed as a Markdown table.
 *
 * <pre>
 * java -jar loadgen/target/loadgen.jar --insight [--messages 1000000] [--days 30] [--channels 3] [--runs 20]
 *     [--jar app/target/parley.jar]
 * </pre>
 */
final class InsightBenchmark {

    private static final String PASSWORD = "insight-bench-password";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int messages;
    private final int days;
    private final int channels;
    private final int runs;
    private final Path jar;
    private String base;
    private final List<Long> flowIds = new ArrayList<>();

    private InsightBenchmark(Map<String, String> options) {
        this.messages = Integer.parseInt(options.getOrDefault("--messages", "1000000"));
        this.days = Integer.parseInt(options.getOrDefault("--days", "30"));
        this.channels = Integer.parseInt(options.getOrDefault("--channels", "3"));
        this.runs = Integer.parseInt(options.getOrDefault("--runs", "20"));
        this.jar = Path.of(options.getOrDefault("--jar", "app/target/parley.jar"));
    }

    static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--") && i + 1 < args.length && !args[i + 1].startsWith("--")) {
                options.put(args[i], args[++i]);
            }
        }
        new InsightBenchmark(options).run();
    }

    private void run() throws Exception {
        Map<String, String> database = PostgresTestDatabase.create("insight_bench");
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        base = "http://127.0.0.1:" + port;
        Map<String, String> env = new HashMap<>(Map.of("MICRONAUT_SERVER_PORT", String.valueOf(port),
                "MICRONAUT_SERVER_HOST", "127.0.0.1", "PARLEY_ADMIN_PASSWORD", PASSWORD,
                "PARLEY_DATA_DIR", Files.createTempDirectory("parley-insight").toString(),
                "PARLEY_DEMO_SEED_RULES", "false", "PARLEY_DEMO_SEED_TEAM", "false",
                "PARLEY_DEMO_ANALYSES", "false"));
        database.forEach((key, value) -> env.put(key.toUpperCase().replace('.', '_').replace('-', '_'), value));
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-jar", jar.toString());
        builder.environment().putAll(env);
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(Path.of(
                System.getProperty("java.io.tmpdir"), "parley-insight.log").toFile()));
        Process parley = builder.start();
        try {
            awaitHealth();
            List<Long> rules = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                rules.add(create("/api/rules", "{\"name\": \"Rule " + i + "\", \"priority\": " + i + ", \"match\": "
                        + "{\"type\": \"KEYWORD\", \"value\": \"keyword " + i + "\"}, \"reply\": {\"type\": \"TEXT\", "
                        + "\"text\": \"Answer " + i + "\"}}"));
            }
            for (int i = 0; i < 5; i++) {
                flowIds.add(create("/api/flows", flow(i)));
            }
            String url = database.get("datasources.default.url");
            try (Connection db = DriverManager.getConnection(url, database.get("datasources.default.username"),
                    database.getOrDefault("datasources.default.password", ""))) {
                long started = System.nanoTime();
                seed(db, rules);
                System.out.printf("seeded in %d s on %s: %s%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime()
                        - started), url, sizes(db));
            }
            measure();
        } finally {
            parley.destroy();
            parley.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static String flow(int i) {
        return """
                {"name": "Flow %d", "start": "menu", "steps": [
                  {"id": "menu", "type": "ASK", "message": {"type": "TEXT", "text": "What do you need?"},
                   "expect": {"type": "TEXT"}, "save": "need", "timeout": "PT30M", "onTimeout": "bye", "next": "number"},
                  {"id": "number", "type": "ASK", "message": {"type": "TEXT", "text": "Your order number?"},
                   "expect": {"type": "NUMBER"}, "save": "order", "next": "check"},
                  {"id": "check", "type": "BRANCH", "cases": [{"variable": "order", "exists": true, "next": "tell"}],
                   "otherwise": "human"},
                  {"id": "tell", "type": "MESSAGE", "message": {"type": "TEXT", "text": "Thanks"}, "next": "bye"},
                  {"id": "human", "type": "HANDOFF", "message": {"type": "TEXT", "text": "A colleague takes over."}},
                  {"id": "bye", "type": "END", "message": {"type": "TEXT", "text": "Bye"}}]}
                """.formatted(i);
    }

    /**
     * Messages spread evenly over the range, and what insight would have kept of them. Every figure of the counts
     * is derived from the messages by one aggregate, so the benchmark reads counts of the size those messages
     * make: a row per hour, channel, metric and dimension that occurred.
     */
    private void seed(Connection db, List<Long> rules) throws SQLException {
        Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS);
        Instant start = end.minus(Duration.ofDays(days));
        long spanMillis = Duration.between(start, end).toMillis();
        int pairs = messages / 2;
        int customers = Math.max(1, pairs / 10);
        String rulesArray = rules.toString().replace('[', '{').replace(']', '}');
        String flowsArray = flowIds.toString().replace('[', '{').replace(']', '}');
        try (Statement s = db.createStatement()) {
            s.execute("CREATE TEMP TABLE params AS SELECT TIMESTAMPTZ '" + start + "' AS start_at, "
                    + spanMillis + "::bigint AS span_ms, " + pairs + " AS pairs, " + channels + " AS channels, "
                    + customers + " AS customers, '" + rulesArray + "'::bigint[] AS rules, '" + flowsArray
                    + "'::bigint[] AS flows");
            s.execute("""
                    INSERT INTO conversation (id, channel_id, customer_id, created_at, last_message_at)
                    SELECT gen_random_uuid(), 'channel-' || (g % p.channels), 'bench-' || g, p.start_at,
                           p.start_at + p.span_ms * interval '1 millisecond'
                    FROM params p, generate_series(0, (SELECT customers FROM params) - 1) g""");
            s.execute("CREATE TEMP TABLE conv AS SELECT id, channel_id, row_number() OVER (ORDER BY id) - 1 AS n "
                    + "FROM conversation WHERE customer_id LIKE 'bench-%'");
            s.execute("CREATE INDEX ON conv (n)");
            // customers' messages: how each was answered, by a fixed share; fallbacks and unanswered texts
            // repeat 200 common questions seven times in ten, the others are one of a kind
            s.execute("""
                    CREATE TEMP TABLE inbound AS
                    SELECT g, gen_random_uuid() AS id, c.id AS conversation_id, c.channel_id,
                           p.start_at + (g::double precision * p.span_ms / p.pairs) * interval '1 millisecond' AS at,
                           (ARRAY['RULE','RULE','RULE','RULE','RULE','RULE','RULE','RULE','RULE','RULE','RULE',
                                  'FALLBACK','FALLBACK','FALLBACK','FLOW','FLOW','NONE','PEOPLE','CONSENT',
                                  'NOT_NEEDED'])[1 + (g * 7) % 20] AS answer,
                           p.rules[1 + (g * 13) % array_length(p.rules, 1)] AS rule_id,
                           p.flows[1 + (g * 3) % array_length(p.flows, 1)] AS flow_id
                    FROM params p, generate_series(0, (SELECT pairs FROM params) - 1) g
                    JOIN conv c ON c.n = g % (SELECT customers FROM params)""");
            s.execute("""
                    ALTER TABLE inbound ADD COLUMN text varchar;
                    UPDATE inbound SET text = CASE WHEN answer IN ('FALLBACK', 'NONE')
                        THEN CASE WHEN g % 10 < 7 THEN 'Do you ship to country ' || (g % 200) || '?'
                                  ELSE 'A question of its own, number ' || g END
                        ELSE 'keyword ' || (g % 60) END""");
            s.execute("""
                    INSERT INTO message (id, conversation_id, direction, event_id, text, received_at, created_at, kind,
                                         details, answer)
                    SELECT id, conversation_id, 'INBOUND', 'bench-' || g, text, at, at, 'text', '{"kind":"text"}',
                           answer FROM inbound""");
            s.execute("""
                    INSERT INTO message (id, conversation_id, direction, text, created_at, channel_id, recipient_id,
                                         rule_id, content_type, status, origin, error_code, attempts,
                                         status_updated_at, in_reply_to)
                    SELECT gen_random_uuid(), conversation_id, 'OUTBOUND', 'An answer of a usual length, thanks.',
                           at + interval '40 milliseconds', channel_id, 'customer', rule_id, 'TEXT',
                           (ARRAY['READ','READ','READ','READ','DELIVERED','DELIVERED','SENT','ACCEPTED','READ',
                                  'FAILED'])[1 + g % 10],
                           CASE WHEN answer = 'PEOPLE' THEN 'AGENT' WHEN answer = 'FLOW' THEN 'FLOW'
                                WHEN answer = 'CONSENT' THEN 'CONSENT' ELSE 'RULE' END,
                           CASE WHEN g % 10 = 9 THEN (ARRAY['131026','131047','131049','131056'])[1 + g % 4] END,
                           1, at, id
                    FROM inbound""");
            s.execute("""
                    INSERT INTO unanswered_text (message_id, channel_id, created_at, answer, text_key, text)
                    SELECT id, channel_id, at, answer, lower(regexp_replace(text, '[^[:alnum:] ]', '', 'g')), text
                    FROM inbound WHERE answer IN ('FALLBACK', 'NONE')""");
            // insight's counts, derived from those messages
            s.execute("""
                    CREATE TEMP TABLE counted (hour_start timestamptz, channel_id varchar, metric varchar,
                                               dimension varchar, n bigint);
                    INSERT INTO counted SELECT date_trunc('hour', at), channel_id, 'RECEIVED', '', 1 FROM inbound;
                    INSERT INTO counted SELECT date_trunc('hour', at), channel_id, 'ANSWERED', answer, 1 FROM inbound;
                    INSERT INTO counted SELECT date_trunc('hour', at), channel_id, 'RULE_ANSWERS', rule_id::text, 1
                        FROM inbound WHERE answer IN ('RULE', 'FALLBACK');
                    INSERT INTO counted SELECT date_trunc('hour', at), channel_id, 'HANDOFFS', '', 1 FROM inbound
                        WHERE answer = 'PEOPLE' AND g % 4 = 0;
                    INSERT INTO counted SELECT date_trunc('hour', at), channel_id, 'AGENT_MESSAGES', '', 1 FROM inbound
                        WHERE answer = 'PEOPLE';
                    INSERT INTO counted SELECT date_trunc('hour', at), channel_id, 'OPT_OUTS', '', 1 FROM inbound
                        WHERE answer = 'CONSENT';
                    INSERT INTO counted SELECT date_trunc('hour', at), channel_id, 'FIRST_RESPONSE',
                        (ARRAY['250','250','250','250','250','250','250','500','500','1000','2000','5000','30000',
                               '120000','300000','600000','1800000','3600000','14400000','inf'])[1 + (g * 11) % 20], 1
                        FROM inbound WHERE answer NOT IN ('NONE', 'NOT_NEEDED');
                    INSERT INTO counted SELECT date_trunc('hour', at + interval '1 second'), channel_id, 'DELIVERY',
                        level, 1 FROM inbound, unnest(ARRAY['ACCEPTED','SENT','DELIVERED','READ']) WITH ORDINALITY
                            AS l(level, rank)
                        WHERE (ARRAY[4,4,4,4,3,3,2,1,4,0])[1 + g % 10] >= rank;
                    INSERT INTO counted SELECT date_trunc('hour', at + interval '1 second'), channel_id, 'DELIVERY',
                        'FAILED', 1 FROM inbound WHERE g % 10 = 9;
                    INSERT INTO counted SELECT date_trunc('hour', at + interval '1 second'), channel_id, 'FAILURES',
                        (ARRAY['131026','131047','131049','131056'])[1 + g % 4], 1 FROM inbound WHERE g % 10 = 9;
                    INSERT INTO counted SELECT date_trunc('hour', at), channel_id, 'FLOW_STARTED', flow_id::text, 1
                        FROM inbound WHERE answer = 'FLOW' AND g % 3 = 0;
                    INSERT INTO counted SELECT date_trunc('hour', at), channel_id, 'FLOW_COMPLETED', flow_id::text, 1
                        FROM inbound WHERE answer = 'FLOW' AND g % 6 = 0;
                    INSERT INTO counted SELECT date_trunc('hour', at), channel_id, 'FLOW_HANDED_OFF', flow_id::text, 1
                        FROM inbound WHERE answer = 'FLOW' AND g % 9 = 1;
                    INSERT INTO counted SELECT date_trunc('hour', at), channel_id,
                        (ARRAY['STEP_ENTERED','STEP_ENTERED','STEP_ENTERED','STEP_INVALID','STEP_TIMED_OUT',
                               'STEP_LEFT'])[1 + g % 6],
                        flow_id || '/' || (ARRAY['menu','number','check','tell','human','bye'])[1 + (g / 6) % 6], 1
                        FROM inbound WHERE answer = 'FLOW';
                    INSERT INTO insight_count (hour_start, channel_id, metric, dimension, n)
                    SELECT hour_start, channel_id, metric, dimension, SUM(n) FROM counted
                    GROUP BY hour_start, channel_id, metric, dimension""");
        }
        db.setAutoCommit(true);
        try (Statement s = db.createStatement()) {
            s.execute("VACUUM ANALYZE");
        }
    }

    private static String sizes(Connection db) throws SQLException {
        Map<String, String> sizes = new LinkedHashMap<>();
        try (Statement s = db.createStatement()) {
            for (String table : List.of("message", "insight_count", "unanswered_text", "conversation")) {
                try (ResultSet r = s.executeQuery("SELECT COUNT(*), pg_size_pretty(pg_total_relation_size('"
                        + table + "')) FROM " + table)) {
                    r.next();
                    sizes.put(table, r.getLong(1) + " rows, " + r.getString(2));
                }
            }
        }
        return sizes.toString();
    }

    private void measure() throws Exception {
        Instant to = Instant.now().truncatedTo(ChronoUnit.HOURS);
        String range = "from=" + to.minus(Duration.ofDays(days)) + "&to=" + to;
        String zone = URLEncoder.encode("Europe/Berlin", StandardCharsets.UTF_8);
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("summary", "/api/analytics/summary?" + range);
        queries.put("summary, one channel", "/api/analytics/summary?" + range + "&channelId=channel-1");
        queries.put("rules", "/api/analytics/rules?" + range);
        queries.put("unanswered (50)", "/api/analytics/unanswered?" + range);
        queries.put("unanswered, one channel", "/api/analytics/unanswered?" + range + "&channelId=channel-1");
        queries.put("flow funnel", "/api/analytics/flows/" + flowIds.get(0) + "?" + range);
        queries.put("timeseries received by day", "/api/analytics/timeseries?metric=received&bucket=day&zone=" + zone
                + "&" + range);
        queries.put("timeseries bot share by hour", "/api/analytics/timeseries?metric=botShare&bucket=hour&" + range);
        queries.put("timeseries first response p90 by day", "/api/analytics/timeseries?metric=firstResponseP90&"
                + range);
        System.out.printf("%n%d stored messages over %d days on %d channels; %d runs each after 3 to warm up; %s%n%n",
                messages, days, channels, runs, Machine.describe());
        System.out.println("| endpoint (whole range) | median | p95 | worst | answer |");
        System.out.println("| --- | ---: | ---: | ---: | ---: |");
        for (Map.Entry<String, String> query : queries.entrySet()) {
            List<Long> times = new ArrayList<>();
            int bytes = 0;
            for (int i = 0; i < runs + 3; i++) {
                long started = System.nanoTime();
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + query.getValue()))
                        .header("Authorization", authorization()).build(), HttpResponse.BodyHandlers.ofString());
                long took = System.nanoTime() - started;
                if (response.statusCode() != 200) {
                    throw new IllegalStateException(query.getValue() + " answered " + response.statusCode() + ": "
                            + response.body());
                }
                bytes = response.body().length();
                if (i >= 3) {
                    times.add(took);
                }
            }
            Collections.sort(times);
            System.out.printf("| %s | %.1f ms | %.1f ms | %.1f ms | %,d bytes |%n", query.getKey(),
                    times.get(times.size() / 2) / 1e6, times.get((int) Math.ceil(times.size() * 0.95) - 1) / 1e6,
                    times.get(times.size() - 1) / 1e6, bytes);
        }
    }

    private long create(String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json").header("Authorization", authorization())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201) {
            throw new IllegalStateException(path + " refused " + body + ": " + created.body());
        }
        return Long.parseLong(created.body().replaceAll("(?s)^.*?\"id\"\\s*:\\s*(\\d+).*$", "$1"));
    }

    private static String authorization() {
        return "Basic " + java.util.Base64.getEncoder().encodeToString(("admin:" + PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
    }

    private void awaitHealth() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("Parley did not start; see " + System.getProperty("java.io.tmpdir")
                + "/parley-insight.log");
    }
}
