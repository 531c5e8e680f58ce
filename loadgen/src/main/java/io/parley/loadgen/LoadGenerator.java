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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 * acknowledged, acknowledgement latency (measured from each delivery's scheduled time), and end-to-end reply latency
 * (from the received event's scheduled time until the stand-in receives the reply).
 *
 * <p>{@code java -jar loadgen/target/loadgen.jar --rate 500 --duration 30 [--db postgres] [--ceiling]}
 *
 * <p>With {@code --fault kill|acs-down|triple|pg-restart} it redelivers every delivery that does not get a 2xx, as
 * Event Grid does, injects that fault during the run and prints a verdict (see {@link Faults}).
 */
public final class LoadGenerator {

    record Options(int rate, int duration, int warmup, String db, Path jar, boolean ceiling,
                           String serverJvmArgs, String fault) {

        static Options parse(String[] args) {
            Map<String, String> values = new HashMap<>(Map.of("--rate", "500", "--duration", "30", "--warmup", "5",
                    "--db", "h2", "--jar", "app/target/parley.jar", "--server-jvm-args", "", "--fault", ""));
            boolean ceiling = false;
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("--ceiling")) {
                    ceiling = true;
                } else if (i + 1 < args.length) {
                    values.put(args[i], args[++i]);
                }
            }
            return new Options(Integer.parseInt(values.get("--rate")), Integer.parseInt(values.get("--duration")),
                    Integer.parseInt(values.get("--warmup")), values.get("--db"), Path.of(values.get("--jar")),
                    ceiling, values.get("--server-jvm-args"), values.get("--fault"));
        }
    }

    private static final String SECRET = "load";
    private final HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(8))
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicLong sequence = new AtomicLong();
    private final List<String> receipts = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> stage = new ConcurrentHashMap<>();
    private final Map<String, Long> inboundScheduled = new ConcurrentHashMap<>();
    private final List<Long> endToEnd = Collections.synchronizedList(new ArrayList<>());
    /** Every customer a received text was generated for (each gets exactly one reply). */
    final java.util.Set<String> customers = ConcurrentHashMap.newKeySet();
    private volatile boolean recording;
    private String base;

    public static void main(String[] args) throws Exception {
        new LoadGenerator().run(Options.parse(args));
    }

    private void run(Options options) throws Exception {
        try (AcsStub acs = AcsStub.start()) {
            acs.onAccepted(this::replyArrived);
            Map<String, String> env = new HashMap<>(Map.of("PARLEY_ACS_CONNECTION_STRING", acs.connectionString(),
                    "PARLEY_WEBHOOK_SECRET", SECRET, "PARLEY_ADMIN_PASSWORD", "load",
                    "PARLEY_DATA_DIR", Files.createTempDirectory("parley-load").toString(),
                    "PARLEY_DISPATCHER_RATE_PER_CHANNEL", "100000"));
            if (options.db().equals("postgres")) {
                PostgresTestDatabase.create("load").forEach((key, value) ->
                        env.put(key.toUpperCase().replace('.', '_').replace('-', '_'), value));
            }
            int port = freePort();
            env.put("MICRONAUT_SERVER_PORT", String.valueOf(port));
            env.put("MICRONAUT_SERVER_HOST", "127.0.0.1");
            base = "http://127.0.0.1:" + port;
            AtomicReference<Process> server = new AtomicReference<>(start(options, env));
            boolean passed = true;
            try {
                awaitHealth();
                Process parley = server.get();
                send(HttpRequest.newBuilder(URI.create(base + "/api/rules")).header("Content-Type", "application/json")
                        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                                "admin:load".getBytes(StandardCharsets.UTF_8)))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"All\", \"priority\": 1, "
                                + "\"match\": {\"type\": \"ANY\"}, \"reply\": {\"type\": \"TEXT\", "
                                + "\"text\": \"Thanks, we got your message.\"}}")).build());
                System.out.printf("Parley on %s (%s), PID %d%n", base, options.db(), parley.pid());
                if (!options.fault().isBlank()) {
                    passed = new Faults(this, acs, options, () -> start(options, env), server).run();
                    return;
                }
                if (options.warmup() > 0) {
                    load(options.rate(), options.warmup());
                }
                endToEnd.clear();
                recording = true;
                Result result = load(options.rate(), options.duration());
                Thread.sleep(2000); // let the last replies arrive
                recording = false;
                result.print(options, new ArrayList<>(endToEnd), rss(parley.pid()));
                System.out.printf("sends received by the ACS stand-in: %d (%d with a valid signature)%n",
                        acs.requests().size(), acs.requests().stream().filter(AcsStub.Recorded::signatureValid)
                                .count());
                if (options.ceiling()) {
                    ceiling();
                }
            } finally {
                server.get().destroy();
                server.get().waitFor(30, TimeUnit.SECONDS);
                System.exit(passed ? 0 : 1);
            }
        }
    }

    private record Result(int offered, int duration, long events, long deliveries, long errors,
                          List<Long> ackNanos, double seconds) {

        void print(Options options, List<Long> e2e, long rssKb) {
            System.out.printf("%n| db | offered events/s | acknowledged events/s | deliveries | errors | ack p50 | ack p95 "
                    + "| ack p99 | ack max | replies | reply p50 | reply p95 | reply p99 | server RSS |%n");
            System.out.printf("| %s | %d | %.0f | %d | %d | %s | %s | %s | %s | %d | %s | %s | %s | %d MB |%n",
                    options.db(), offered, events / seconds, deliveries, errors, ms(ackNanos, 0.50),
                    ms(ackNanos, 0.95), ms(ackNanos, 0.99), ms(ackNanos, 1.0), e2e.size(), ms(e2e, 0.50),
                    ms(e2e, 0.95), ms(e2e, 0.99), rssKb / 1024);
        }

        static String ms(List<Long> nanos, double quantile) {
            if (nanos.isEmpty()) {
                return "-";
            }
            List<Long> sorted = new ArrayList<>(nanos);
            Collections.sort(sorted);
            int index = (int) Math.min(sorted.size() - 1, Math.ceil(quantile * sorted.size()) - 1);
            return String.format("%.1f ms", sorted.get(Math.max(0, index)) / 1e6);
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
        List<Long> ack = Collections.synchronizedList(new ArrayList<>());
        long deliveries = 0;
        for (long scheduled = start; scheduled < end; scheduled += intervalNanos) {
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int count = ThreadLocalRandom.current().nextInt(10) == 0 ? 10 : 1;
            List<String> batch = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                batch.add(event(scheduled));
            }
            long at = scheduled;
            deliveries++;
            inFlight.incrementAndGet();
            http.sendAsync(HttpRequest.newBuilder(URI.create(base + "/api/events?code=" + SECRET))
                            .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                            .POST(HttpRequest.BodyPublishers.ofString("[" + String.join(",", batch) + "]")).build(),
                    HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
                        if (failure == null && response.statusCode() / 100 == 2) {
                            events.addAndGet(count);
                            ack.add(System.nanoTime() - at);
                        } else {
                            errors.incrementAndGet();
                        }
                        inFlight.decrementAndGet();
                    });
        }
        long sendingEnded = System.nanoTime();
        while (inFlight.get() > 0 && System.nanoTime() - sendingEnded < TimeUnit.SECONDS.toNanos(60)) {
            Thread.sleep(10);
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new Result(eventsPerSecond, seconds, events.get(), deliveries, errors.get(), ack, elapsed);
    }

    String base() {
        return base;
    }

    HttpClient http() {
        return http;
    }

    static String secret() {
        return SECRET;
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
        String customer = "1555" + n;
        customers.add(customer);
        if (recording) {
            inboundScheduled.put(customer, scheduledNanos);
        }
        return "{\"id\":\"load-" + n + "\",\"eventType\":\"Microsoft.Communication.AdvancedMessageReceived\","
                + "\"subject\":\"advancedMessage/sender/" + customer + "/recipient/channel-1\",\"dataVersion\":\"1.0\","
                + "\"metadataVersion\":\"1\",\"eventTime\":\"" + now + "\",\"data\":{\"content\":\"Where is my order "
                + n + "?\",\"channelType\":\"whatsapp\",\"from\":\"" + customer + "\",\"to\":\"channel-1\","
                + "\"receivedTimestamp\":\"" + now + "\"}}";
    }

    private void replyArrived(AcsStub.Recorded send) {
        receipts.add(send.receipt());
        int start = send.body().indexOf("\"to\":[\"");
        if (start < 0) {
            return;
        }
        String customer = send.body().substring(start + 7, send.body().indexOf('"', start + 7));
        Long scheduled = inboundScheduled.remove(customer);
        if (scheduled != null && recording) {
            endToEnd.add(send.receivedNanos() - scheduled);
        }
    }

    /** The cheapest real endpoint, closed loop with 32 connections for 10 s: the server's ceiling. */
    private void ceiling() throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(32);
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        HttpClient client = HttpClient.newHttpClient();
        for (int i = 0; i < 32; i++) {
            pool.submit(() -> {
                while (System.nanoTime() < end) {
                    try {
                        client.send(HttpRequest.newBuilder(URI.create(base + "/api/events"))
                                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                                .header("WebHook-Request-Origin", "eventgrid.azure.net").build(),
                                HttpResponse.BodyHandlers.discarding());
                        done.incrementAndGet();
                    } catch (IOException | InterruptedException e) {
                        return;
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(30, TimeUnit.SECONDS);
        System.out.printf("%nceiling: OPTIONS /api/events closed loop, 32 connections, 10 s: %.0f requests/s%n",
                done.get() / 10.0);
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
        builder.redirectErrorStream(true).redirectOutput(Path.of(System.getProperty("java.io.tmpdir"),
                "parley-load.log").toFile());
        return builder.start();
    }

    void awaitHealth() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            try {
                if (send(HttpRequest.newBuilder(URI.create(base + "/health")).build()) == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("Parley did not become healthy");
    }

    private int send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static long rss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
