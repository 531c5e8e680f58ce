package io.parley.loadgen;

import io.parley.adapters.acs.AcsStub;
import io.parley.adapters.persistence.testing.PostgresTestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives the packaged Parley jar the way Event Grid would, at a fixed arrival rate (open loop: a slow answer does not
 * slow the arrivals, so latency is not hidden by back-pressure), with an HTTPS ACS stand-in that accepts every send.
 * The mix: 60 % received texts (each from a new customer, so every one gets a reply), 35 % delivery statuses for
 * replies the stand-in accepted, 5 % analyses; one delivery in ten is a batch of ten events. Reports events/s
 * acknowledged, acknowledgement latency (from each delivery's scheduled time until its answer), end-to-end reply
 * latency (from the received event's scheduled time until the stand-in receives the reply), and the CPU the server
 * and the whole machine used.
 *
 * <pre>
 * java -jar loadgen/target/loadgen.jar --rates 500,1000,2500 --duration 30 [--warmup 120] [--db postgres] [--ceiling]
 *     [--report docs/load-report.md] [--server-jvm-args "..."] [--connections 256] [--flows 0.2]
 * java -jar loadgen/target/loadgen.jar --fault kill|acs-down|triple|pg-restart --rate 500 --duration 60
 * java -jar loadgen/target/loadgen.jar --fault flood --duration 30 [--connections 100] --server-jvm-args -Xmx1g
 * java -jar loadgen/target/loadgen.jar --insight [--messages 1000000] [--days 30]   (see {@link InsightBenchmark})
 * </pre>
 *
 * <p>With {@code --flows share}, that share of the received texts starts a three-step flow (a question, an HTTP
 * step calling an HTTPS stand-in of the business's system, a last message with the value it saved): the generator
 * answers each question as soon as it reaches the ACS stand-in, with the next event of the mix, and reports the
 * latency from that answer's scheduled time until the flow's last message reaches the stand-in.
 *
 * <p>With {@code --analyses share}, that share of the received texts ("I need help with a delivery") is analysed:
 * its AdvancedMessageAnalysisCompleted event follows it 300 to 1,500 ms later (uniformly), with an intent that an
 * INTENT rule answers; the other texts are answered by a CONTAINS rule that comes before the INTENT rule (so they
 * never wait), and an ANY rule after both answers whatever is left. The report gives the reply latency of the
 * analysed texts (from the text's scheduled time) apart from the others. {@code --intent-rules false} leaves the
 * INTENT rule out: the same events, and nothing waits.
 *
 * <p>With {@code --fault} it redelivers every delivery that does not get a 2xx, as Event Grid does, injects that
 * fault during the run and prints a verdict (see {@link Faults}).
 */
public final class LoadGenerator {

    record Options(List<Integer> rates, int duration, int warmup, String db, Path jar, boolean ceiling,
                   String serverJvmArgs, String fault, int connections, Path report, double flows,
                   double analyses, boolean intentRules) {

        static Options parse(String[] args) {
            // two minutes of warm-up by default: on two cores the JIT compilers take about a core for the first
            // 90-100 s of load (jstat -compiler, docs/BENCHMARKS.md), and whatever is measured before measures them
            Map<String, String> values = new HashMap<>(Map.of("--rate", "500", "--duration", "30", "--warmup", "120",
                    "--db", "h2", "--jar", "app/target/parley.jar", "--server-jvm-args", "", "--fault", "",
                    "--connections", "256", "--report", "", "--flows", "0"));
            values.put("--analyses", "0");
            values.put("--intent-rules", "true");
            boolean ceiling = false;
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("--ceiling")) {
                    ceiling = true;
                } else if (i + 1 < args.length && args[i].startsWith("--")) {
                    values.put(args[i], args[++i]);
                } else {
                    throw new IllegalArgumentException("unexpected argument " + args[i]);
                }
            }
            String rates = values.getOrDefault("--rates", values.get("--rate"));
            return new Options(Arrays.stream(rates.split(",")).map(String::strip).map(Integer::parseInt).toList(),
                    Integer.parseInt(values.get("--duration")), Integer.parseInt(values.get("--warmup")),
                    values.get("--db"), Path.of(values.get("--jar")), ceiling, values.get("--server-jvm-args"),
                    values.get("--fault"), Integer.parseInt(values.get("--connections")),
                    values.get("--report").isBlank() ? null : Path.of(values.get("--report")),
                    Double.parseDouble(values.get("--flows")), Double.parseDouble(values.get("--analyses")),
                    Boolean.parseBoolean(values.get("--intent-rules")));
        }

        int rate() {
            return rates.get(0);
        }
    }

    static final String SECRET = "load";
    /** Production mode refuses admin passwords under 12 characters. */
    private static final String ADMIN_PASSWORD = "load-admin-password";
    private final HttpClient admin = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicLong sequence = new AtomicLong();
    private final List<String> receipts = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Integer> stage = new ConcurrentHashMap<>();
    private final Map<String, Long> inboundScheduled = new ConcurrentHashMap<>();
    private final List<Long> endToEnd = Collections.synchronizedList(new ArrayList<>());
    /** Every customer a received text was generated for (each gets exactly one reply). */
    final java.util.Set<String> customers = ConcurrentHashMap.newKeySet();
    private double flowShare;
    /** Customers in the flow, by how far they are: 1 asked, 2 answered. */
    private final Map<String, Integer> flowStage = new ConcurrentHashMap<>();
    private final java.util.Queue<String> answersOwed = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final Map<String, Long> answerScheduled = new ConcurrentHashMap<>();
    private final List<Long> flowEndToEnd = Collections.synchronizedList(new ArrayList<>());
    private double analysedShare;
    private final Map<String, Long> analysedScheduled = new ConcurrentHashMap<>();
    private final List<Long> analysedEndToEnd = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> analysisDelays = Collections.synchronizedList(new ArrayList<>());
    private final java.util.concurrent.ScheduledExecutorService analyst =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "loadgen-analyst");
                thread.setDaemon(true);
                return thread;
            });
    private volatile boolean recording;
    /** Received texts generated while a rate is measured: what statements are counted per. */
    private final AtomicLong receivedWhileRecording = new AtomicLong();
    private StatementCounter statements;
    private final List<String> statementReports = new ArrayList<>();
    private String host = "127.0.0.1";
    private int port;
    private RawHttpClient http;
    private Map<String, String> database;
    private AutovacuumStandIn vacuumer;
    /** The server's data folder (its H2 file, media): deleted when the run ends, it can grow by gigabytes. */
    private Path dataDir;
    private ShopStandIn shop;

    public static void main(String[] args) throws Exception {
        if (Arrays.asList(args).contains("--insight")) {
            InsightBenchmark.main(args);
            return;
        }
        new LoadGenerator().run(Options.parse(args));
    }

    private void run(Options options) throws Exception {
        dataDir = Files.createTempDirectory("parley-load");
        try (AcsStub acs = AcsStub.start()) {
            acs.onAccepted(this::replyArrived);
            Map<String, String> env = new HashMap<>(Map.of("PARLEY_ACS_CONNECTION_STRING", acs.connectionString(),
                    "PARLEY_WEBHOOK_SECRET", SECRET, "PARLEY_ADMIN_PASSWORD", ADMIN_PASSWORD,
                    "PARLEY_DATA_DIR", dataDir.toString(),
                    // one WhatsApp number at the 1,000 messages/s tier, with enough sends in flight for that rate
                    "PARLEY_DISPATCHER_RATE_PER_CHANNEL", "1000", "PARLEY_DISPATCHER_PARALLELISM", "32"));
            if (options.db().equals("postgres")) {
                database = PostgresTestDatabase.create("load");
                database.forEach((key, value) -> env.put(key.toUpperCase().replace('.', '_').replace('-', '_'),
                        value));
            }
            port = freePort();
            env.put("MICRONAUT_SERVER_PORT", String.valueOf(port));
            env.put("MICRONAUT_SERVER_HOST", host);
            http = new RawHttpClient(host, port, options.connections());
            AtomicReference<Process> server = new AtomicReference<>(start(options, env));
            boolean passed = true;
            try {
                awaitHealth();
                Process parley = server.get();
                analysedShare = options.analyses();
                if (analysedShare > 0) {
                    // the usual texts by a rule that needs no analysis, the analysed ones by intent, then the rest
                    rule("{\"name\": \"Orders\", \"priority\": 1, \"match\": {\"type\": \"CONTAINS\", "
                            + "\"value\": \"where is my order\"}, \"reply\": {\"type\": \"TEXT\", "
                            + "\"text\": \"Thanks, we got your message.\"}}");
                    if (options.intentRules()) {
                        rule("{\"name\": \"Deliveries\", \"priority\": 5, \"match\": {\"type\": \"INTENT\", "
                                + "\"value\": \"delivery question\"}, \"reply\": {\"type\": \"TEXT\", "
                                + "\"text\": \"Let me look at your delivery.\"}}");
                    }
                    rule("{\"name\": \"All\", \"priority\": 10, \"match\": {\"type\": \"ANY\"}, "
                            + "\"reply\": {\"type\": \"TEXT\", \"text\": \"Thanks, we got your message.\"}}");
                } else {
                    rule("{\"name\": \"All\", \"priority\": 1, \"match\": {\"type\": \"ANY\"}, "
                            + "\"reply\": {\"type\": \"TEXT\", \"text\": \"Thanks, we got your message.\"}}");
                }
                flowShare = options.flows();
                if (flowShare > 0) {
                    shop = ShopStandIn.start();
                    createFlow();
                }
                System.out.printf("Parley on %s (%s), PID %d; %s%n", base(), options.db(), parley.pid(),
                        Machine.describe());
                if (options.fault().equals("flood")) {
                    passed = new Flood(this, parley.pid(), host, port, options).run();
                    return;
                }
                if (!options.fault().isBlank()) {
                    passed = new Faults(this, acs, options, () -> start(options, env), server).run();
                    return;
                }
                if (options.warmup() > 0) {
                    load(options.rate(), options.warmup());
                    Thread.sleep(1000);
                }
                analyze();
                vacuumer = AutovacuumStandIn.startIfNeeded(database);
                statements = StatementCounter.startIfAvailable(database);
                List<String> rows = new ArrayList<>();
                for (int rate : options.rates()) {
                    endToEnd.clear();
                    flowEndToEnd.clear();
                    analysedEndToEnd.clear();
                    analysisDelays.clear();
                    receivedWhileRecording.set(0);
                    if (statements != null) {
                        statements.reset();
                    }
                    recording = true;
                    Machine.Usage before = Machine.usage(parley.pid());
                    Result result = load(rate, options.duration());
                    Machine.Usage after = Machine.usage(parley.pid());
                    Thread.sleep(2000); // let the last replies arrive
                    recording = false;
                    String row = result.row(options, new ArrayList<>(endToEnd), Machine.rss(parley.pid()),
                            before.until(after)) + (flowShare > 0 ? flowColumns() : "")
                            + (analysedShare > 0 ? analysisColumns() : "");
                    System.out.println(Result.HEADER + (flowShare > 0 ? FLOW_HEADER : "")
                            + (analysedShare > 0 ? ANALYSIS_HEADER : ""));
                    System.out.println(row);
                    rows.add(row);
                    if (options.db().equals("h2")) {
                        System.out.printf("H2 file after this rate: %,d MB%n", h2FileBytes() / (1024 * 1024));
                    }
                    if (statements != null) {
                        String counted = statements.report(receivedWhileRecording.get(), result.events());
                        System.out.println(counted);
                        statementReports.add("at " + rate + " events/s offered, " + counted);
                    }
                    Thread.sleep(3000); // let the backlog of this rate drain before the next
                }
                System.out.printf("sends received by the ACS stand-in: %d (%d with a valid signature)%n",
                        acs.requests().size(), acs.requests().stream().filter(AcsStub.Recorded::signatureValid)
                                .count());
                String ceiling = options.ceiling() ? ceiling() : null;
                report(options, rows, ceiling);
            } finally {
                if (vacuumer != null) {
                    vacuumer.close();
                }
                if (shop != null) {
                    shop.close();
                }
                http.close();
                server.get().destroy();
                server.get().waitFor(30, TimeUnit.SECONDS);
                deleteDataDir();
                System.exit(passed ? 0 : 1);
            }
        }
    }

    /** The embedded database file's size, or -1 where there is none yet. */
    private long h2FileBytes() {
        try {
            return Files.size(dataDir.resolve("parley.mv.db"));
        } catch (IOException e) {
            return -1;
        }
    }

    private void deleteDataDir() {
        try (var paths = Files.walk(dataDir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.out.println("could not delete " + dataDir + ": " + e.getMessage());
        }
    }

    /**
     * A database in service has planner statistics; this one was empty a moment ago. PostgreSQL plans a prepared
     * statement once for good after a few runs, and plans made while a table was nearly empty scan it whole. So,
     * as autovacuum would do within a minute or two of a real deployment filling up, the tables are analysed once
     * after the warm-up (which also invalidates the plans made without statistics).
     */
    private void analyze() {
        if (database == null) {
            return;
        }
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(
                database.get("datasources.default.url"), database.get("datasources.default.username"),
                database.get("datasources.default.password"));
             java.sql.Statement statement = connection.createStatement()) {
            long start = System.nanoTime();
            statement.execute("ANALYZE");
            System.out.printf("ANALYZE after the warm-up took %.0f ms%n", (System.nanoTime() - start) / 1e6);
        } catch (java.sql.SQLException e) {
            System.out.println("could not ANALYZE the load database: " + e.getMessage());
        }
    }

    private void report(Options options, List<String> rows, String ceiling) throws IOException {
        if (options.report() == null) {
            return;
        }
        StringBuilder text = new StringBuilder();
        text.append(String.format("%n### %s, %s, %d s per rate%s (%s)%n%n", java.time.LocalDate.now(), options.db(),
                options.duration(), (flowShare > 0 ? String.format(", %.0f %% of received texts in a flow",
                        100 * flowShare) : "") + (analysedShare > 0 ? String.format(", %.0f %% of received texts "
                        + "analysed 300-1,500 ms later, %s", 100 * analysedShare, options.intentRules()
                        ? "an INTENT rule before the fallback" : "no INTENT rule") : ""), Machine.describe()));
        text.append(Result.HEADER).append(flowShare > 0 ? FLOW_HEADER : "")
                .append(analysedShare > 0 ? ANALYSIS_HEADER : "").append('\n').append(Result.RULE)
                .append(flowShare > 0 ? FLOW_RULE : "").append(analysedShare > 0 ? FLOW_RULE : "").append('\n');
        rows.forEach(row -> text.append(row).append('\n'));
        statementReports.forEach(counted -> text.append('\n').append(counted));
        if (ceiling != null) {
            text.append('\n').append(ceiling).append('\n');
        }
        Files.writeString(options.report(), text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        System.out.println("appended to " + options.report());
    }

    record Result(int offered, int duration, long events, long deliveries, long errors, List<Long> ackNanos,
                  double seconds) {

        static final String HEADER = "| offered events/s | acknowledged events/s | deliveries | errors | ack p50 "
                + "| ack p95 | ack p99 | ack max | replies | reply p50 | reply p95 | reply p99 | CPU: server "
                + "| PostgreSQL | generator + stand-in | machine | server RSS |";
        static final String RULE = "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
                + "| ---: | ---: | ---: | ---: | ---: | ---: |";

        String row(Options options, List<Long> e2e, long rssKb, Machine.Delta usage) {
            return String.format("| %d | %.0f | %d | %d | %s | %s | %s | %s | %d | %s | %s | %s | %.0f %% | %.0f %% "
                            + "| %.0f %% | %.0f %% | %d MB |", offered, events / seconds, deliveries, errors,
                    ms(ackNanos, 0.50), ms(ackNanos, 0.95), ms(ackNanos, 0.99), ms(ackNanos, 1.0), e2e.size(),
                    ms(e2e, 0.50), ms(e2e, 0.95), ms(e2e, 0.99), usage.processPercent(), usage.postgresPercent(),
                    usage.selfPercent(), usage.machinePercent(), rssKb / 1024);
        }

        static String ms(List<Long> nanos, double quantile) {
            if (nanos.isEmpty()) {
                return "-";
            }
            long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
            int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
            return String.format("%.1f ms", sorted[Math.max(0, index)] / 1e6);
        }
    }

    /** Sends deliveries at a fixed rate of events for {@code seconds}; waits for the answers. */
    private Result load(int eventsPerSecond, int seconds) throws InterruptedException {
        double eventsPerDelivery = 0.9 + 0.1 * 10;
        long intervalNanos = (long) (1e9 * eventsPerDelivery / eventsPerSecond);
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        AtomicLong events = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicReference<String> firstError = new AtomicReference<>();
        List<Long> ack = Collections.synchronizedList(new ArrayList<>());
        long deliveries = 0;
        for (long scheduled = start; scheduled < end; scheduled += intervalNanos) {
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int count = ThreadLocalRandom.current().nextInt(10) == 0 ? 10 : 1;
            long at = scheduled;
            deliveries++;
            inFlight.incrementAndGet();
            http.send(delivery(batch(count, scheduled)), response -> {
                if (response.ok()) {
                    events.addAndGet(count);
                    ack.add(response.finishedNanos() - at);
                } else {
                    errors.incrementAndGet();
                    firstError.compareAndSet(null, response.status() + " " + response.failure());
                }
                inFlight.decrementAndGet();
            });
        }
        long sendingEnded = System.nanoTime();
        while (inFlight.get() > 0 && System.nanoTime() - sendingEnded < TimeUnit.SECONDS.toNanos(60)) {
            Thread.sleep(10);
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (firstError.get() != null) {
            System.out.println("first failed delivery: " + firstError.get());
        }
        return new Result(eventsPerSecond, seconds, events.get(), deliveries, errors.get(), ack, elapsed);
    }

    /** The events of one delivery as an Event Grid schema array. */
    String batch(int count, long scheduledNanos) {
        StringBuilder body = new StringBuilder(count * 500).append('[');
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                body.append(',');
            }
            body.append(event(scheduledNanos));
        }
        return body.append(']').toString();
    }

    /** A POST of {@code body} to the webhook, ready to send. */
    byte[] delivery(String body) {
        return http.post("/api/events?code=" + SECRET, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    String base() {
        return "http://" + host + ":" + port;
    }

    RawHttpClient http() {
        return http;
    }

    HttpClient admin() {
        return admin;
    }

    static String adminAuthorization() {
        return "Basic " + Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    /** One event of the mix, as Event Grid would deliver it. */
    String event(long scheduledNanos) {
        long n = sequence.incrementAndGet();
        double r = ThreadLocalRandom.current().nextDouble();
        String now = java.time.Instant.now().toString();
        if (r < 0.35 && !receipts.isEmpty()) {
            String receipt = receipts.get(ThreadLocalRandom.current().nextInt(receipts.size()));
            int next = stage.merge(receipt, 1, Integer::sum);
            String status = next == 1 ? "Sent" : next == 2 ? "Delivered" : "Read";
            return "{\"id\":\"load-" + n + "\",\"eventType\":\"Microsoft.Communication.AdvancedMessageDeliveryStatusUpdated\","
                    + "\"subject\":\"advancedMessage/" + receipt + "/status/" + status + "\",\"dataVersion\":\"1.0\","
                    + "\"metadataVersion\":\"1\",\"eventTime\":\"" + now + "\",\"data\":{\"messageId\":\"" + receipt
                    + "\",\"status\":\"" + status + "\",\"channelType\":\"whatsapp\",\"from\":\"channel-1\","
                    + "\"to\":\"customer\",\"receivedTimestamp\":\"" + now + "\"}}";
        }
        if (r > 0.95) {
            return "{\"id\":\"load-" + n + "\",\"eventType\":\"Microsoft.Communication.AdvancedMessageAnalysisCompleted\","
                    + "\"subject\":\"advancedMessage/sender/x/recipient/channel-1\",\"dataVersion\":\"1.0\","
                    + "\"metadataVersion\":\"1\",\"eventTime\":\"" + now + "\",\"data\":{\"originalMessage\":"
                    + "\"Where is my order " + (n - 1) + "?\",\"channelType\":\"whatsapp\",\"languageDetection\":"
                    + "{\"language\":\"English\",\"confidenceScore\":0.98},\"intentAnalysis\":\"Order status\","
                    + "\"extractedKeyPhrases\":[\"order\"],\"from\":\"1555" + (n - 1) + "\",\"to\":\"channel-1\","
                    + "\"receivedTimestamp\":\"" + now + "\"}}";
        }
        String owed = flowShare > 0 ? answersOwed.poll() : null;
        if (owed != null) {
            // the customer answers the flow's question: a five-digit order number
            flowStage.put(owed, 2);
            if (recording) {
                answerScheduled.put(owed, scheduledNanos);
            }
            return received(n, owed, "It is " + (10000 + n % 89999) + ", thanks", now);
        }
        String customer = "1555" + n;
        customers.add(customer);
        if (analysedShare > 0 && ThreadLocalRandom.current().nextDouble() < analysedShare) {
            String text = "I need help with a delivery " + n;
            if (recording) {
                analysedScheduled.put(customer, scheduledNanos);
            }
            analyseLater(n, customer, text, now);
            return received(n, customer, text, now);
        }
        if (flowShare > 0 && ThreadLocalRandom.current().nextDouble() < flowShare) {
            flowStage.put(customer, 1);
            return received(n, customer, "Where is my parcel " + n + "?", now);
        }
        if (recording) {
            inboundScheduled.put(customer, scheduledNanos);
        }
        return received(n, customer, "Where is my order " + n + "?", now);
    }

    private String received(long n, String customer, String text, String now) {
        if (recording) {
            receivedWhileRecording.incrementAndGet();
        }
        return "{\"id\":\"load-" + n + "\",\"eventType\":\"Microsoft.Communication.AdvancedMessageReceived\","
                + "\"subject\":\"advancedMessage/sender/" + customer + "/recipient/channel-1\",\"dataVersion\":\"1.0\","
                + "\"metadataVersion\":\"1\",\"eventTime\":\"" + now + "\",\"data\":{\"content\":\"" + text
                + "\",\"channelType\":\"whatsapp\",\"from\":\"" + customer + "\",\"to\":\"channel-1\","
                + "\"receivedTimestamp\":\"" + now + "\"}}";
    }

    /** The analysis of {@code text} as ACS publishes it, 300 to 1,500 ms after the text, in its own delivery. */
    private void analyseLater(long n, String customer, String text, String receivedAt) {
        long delay = 300 + ThreadLocalRandom.current().nextLong(1_201);
        if (recording) {
            analysisDelays.add(TimeUnit.MILLISECONDS.toNanos(delay));
        }
        String event = "{\"id\":\"load-analysis-" + n + "\",\"eventType\":"
                + "\"Microsoft.Communication.AdvancedMessageAnalysisCompleted\",\"subject\":\"advancedMessage/sender/"
                + customer + "/recipient/channel-1\",\"dataVersion\":\"1.0\",\"metadataVersion\":\"1\","
                + "\"eventTime\":\"" + receivedAt + "\",\"data\":{\"originalMessage\":\"" + text + "\","
                + "\"channelType\":\"whatsapp\",\"languageDetection\":{\"language\":\"English\","
                + "\"confidenceScore\":0.97},\"intentAnalysis\":\"Delivery question: the customer asks about a "
                + "delivery\",\"extractedKeyPhrases\":[\"delivery\"],\"from\":\"" + customer + "\",\"to\":"
                + "\"channel-1\",\"receivedTimestamp\":\"" + receivedAt + "\"}}";
        analyst.schedule(() -> http.send(delivery("[" + event + "]"), response -> { }), delay,
                TimeUnit.MILLISECONDS);
    }

    static final String ANALYSIS_HEADER = " analysed replies | analysed reply p50 | analysed reply p95 "
            + "| analysed reply p99 | analysis delay p50 |";

    private String analysisColumns() {
        List<Long> e2e = new ArrayList<>(analysedEndToEnd);
        return String.format(" %d | %s | %s | %s | %s |", e2e.size(), Result.ms(e2e, 0.50), Result.ms(e2e, 0.95),
                Result.ms(e2e, 0.99), Result.ms(new ArrayList<>(analysisDelays), 0.50));
    }

    private void rule(String body) throws IOException, InterruptedException {
        int created = admin.send(HttpRequest.newBuilder(URI.create(base() + "/api/rules"))
                .header("Content-Type", "application/json").header("Authorization", adminAuthorization())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
        if (created != 201) {
            throw new IllegalStateException("could not create the rule " + body + ": " + created);
        }
    }

    static final String FLOW_HEADER = " flow replies | flow reply p50 | flow reply p95 | flow reply p99 | shop calls |";
    static final String FLOW_RULE = " ---: | ---: | ---: | ---: | ---: |";

    private String flowColumns() {
        List<Long> e2e = new ArrayList<>(flowEndToEnd);
        return String.format(" %d | %s | %s | %s | %d |", e2e.size(), Result.ms(e2e, 0.50), Result.ms(e2e, 0.95),
                Result.ms(e2e, 0.99), shop.calls());
    }

    /** The three-step flow of the mix and the rule that starts it ("parcel"). */
    private void createFlow() throws IOException, InterruptedException {
        String flow = """
                {"name": "Load", "start": "ask", "steps": [
                  {"id": "ask", "type": "ASK", "message": {"type": "TEXT", "text": "Your order number?"},
                   "expect": {"type": "REGEX", "pattern": "(\\\\d{5})"}, "save": "order", "next": "lookup"},
                  {"id": "lookup", "type": "HTTP", "url": "%s/orders/{{flow.order}}", "save": {"state": "/status"},
                   "next": "tell", "onError": "tell"},
                  {"id": "tell", "type": "END", "message": {"type": "TEXT", "text": "Order {{flow.order}}: {{flow.state}}."}}]}
                """.formatted(shop.url());
        HttpResponse<String> created = admin.send(HttpRequest.newBuilder(URI.create(base() + "/api/flows"))
                .header("Content-Type", "application/json").header("Authorization", adminAuthorization())
                .POST(HttpRequest.BodyPublishers.ofString(flow)).build(), HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201) {
            throw new IllegalStateException("could not create the flow: " + created.body());
        }
        String id = created.body().replaceAll("(?s)^.*?\"id\"\\s*:\\s*(\\d+).*$", "$1");
        int rule = admin.send(HttpRequest.newBuilder(URI.create(base() + "/api/rules"))
                .header("Content-Type", "application/json").header("Authorization", adminAuthorization())
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"Parcel\", \"priority\": 0, \"match\": "
                        + "{\"type\": \"CONTAINS\", \"value\": \"parcel\"}, \"reply\": {\"type\": \"FLOW\", "
                        + "\"flowId\": " + id + "}}")).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        if (rule != 201) {
            throw new IllegalStateException("could not create the flow's rule: " + rule);
        }
    }

    private void replyArrived(AcsStub.Recorded send) {
        receipts.add(send.receipt());
        int start = send.body().indexOf("\"to\":[\"");
        if (start < 0) {
            return;
        }
        String customer = send.body().substring(start + 7, send.body().indexOf('"', start + 7));
        Integer inFlow = flowStage.get(customer);
        if (inFlow != null) {
            if (inFlow == 1) {
                answersOwed.add(customer); // the question arrived: the customer answers with the next event
            } else {
                flowStage.remove(customer);
                Long answered = answerScheduled.remove(customer);
                if (answered != null && recording) {
                    flowEndToEnd.add(send.receivedNanos() - answered);
                }
            }
            return;
        }
        Long analysed = analysedScheduled.remove(customer);
        if (analysed != null) {
            if (recording) {
                analysedEndToEnd.add(send.receivedNanos() - analysed);
            }
            return;
        }
        Long scheduled = inboundScheduled.remove(customer);
        if (scheduled != null && recording) {
            endToEnd.add(send.receivedNanos() - scheduled);
        }
    }

    /**
     * The cheapest real endpoint, the CloudEvents handshake {@code OPTIONS /api/events}, closed loop on 64
     * connections for 10 s: what the server answers when it does no work, the ceiling the ingest is compared to.
     */
    private String ceiling() throws InterruptedException {
        String options = closedLoop("OPTIONS /api/events", http.request("OPTIONS", "/api/events",
                "WebHook-Request-Origin: eventgrid.azure.net"));
        String health = closedLoop("anonymous GET /health", http.request("GET", "/health"));
        return options + "\n" + health;
    }

    /** {@code request} closed loop on 64 connections for 10 s after 3 s of warm-up: requests/s, as a line. */
    private String closedLoop(String what, byte[] request) throws InterruptedException {
        int connections = 64;
        try (RawHttpClient client = new RawHttpClient(host, port, connections)) {
            AtomicLong done = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            AtomicInteger running = new AtomicInteger(1);
            java.util.function.Consumer<RawHttpClient.Response>[] again = new java.util.function.Consumer[1];
            again[0] = response -> {
                if (response.ok()) {
                    done.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                }
                if (running.get() == 1) {
                    client.send(request, again[0]);
                }
            };
            for (int i = 0; i < 3 * connections; i++) {
                client.send(request, again[0]); // warm-up round
            }
            Thread.sleep(3000);
            long start = System.nanoTime();
            long counted = done.get();
            Thread.sleep(10_000);
            double rate = (done.get() - counted) / ((System.nanoTime() - start) / 1e9);
            running.set(0);
            Thread.sleep(500); // the answers still in flight arrive before the client closes, not as failures
            String line = String.format("ceiling: %s, closed loop on %d connections, 10 s after 3 s of warm-up: "
                    + "%.0f requests/s (%d failed)", what, connections, rate, failed.get());
            System.out.println(line);
            return line;
        }
    }

    /** The jar in its own JVM; {@code --server-jvm-args} (for example a JFR recording) go to that JVM only. */
    Process start(Options options, Map<String, String> env) throws IOException {
        Path trust = Files.createTempFile("acs-stub-trust", ".p12");
        try (InputStream in = AcsStub.class.getResourceAsStream("/acs-stub-truststore.p12")) {
            Files.copy(in, trust, StandardCopyOption.REPLACE_EXISTING);
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Djavax.net.ssl.trustStore=" + trust,
                "-Djavax.net.ssl.trustStorePassword=changeit"));
        if (!options.serverJvmArgs().isBlank()) {
            command.addAll(List.of(options.serverJvmArgs().strip().split("\\s+")));
        }
        command.addAll(List.of("-jar", options.jar().toString()));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(Path.of(
                System.getProperty("java.io.tmpdir"), "parley-load.log").toFile()));
        return builder.start();
    }

    void awaitHealth() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            try {
                if (admin.send(HttpRequest.newBuilder(URI.create(base() + "/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("Parley did not become healthy");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
