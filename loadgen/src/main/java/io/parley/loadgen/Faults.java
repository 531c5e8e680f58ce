package io.parley.loadgen;

import io.parley.adapters.acs.AcsStub;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fault runs with a printed verdict. The load is the usual mix at a fixed rate, but every delivery that does not get
 * a 2xx (or no answer at all) is delivered again with backoff, as Event Grid does, until it is acknowledged. During
 * the run one fault is injected:
 *
 * <ul>
 *   <li>{@code kill}: {@code kill -9} of the server halfway, then a restart on the same database and port;</li>
 *   <li>{@code acs-down}: the ACS stand-in answers 503 to every send for 30 s;</li>
 *   <li>{@code triple}: every delivery is posted three times at once;</li>
 *   <li>{@code pg-restart}: PostgreSQL is restarted halfway ({@code pg_ctlcluster ... restart}; with --db postgres).</li>
 * </ul>
 *
 * <p>The verdict checks every customer who wrote: exactly one stored inbound message (no event lost, none stored
 * twice), exactly one WhatsApp message accepted by the stand-in (no reply lost, none sent twice: repeats of one
 * repeatability-request-id count once, as ACS answers them with the original receipt), and no delivery given up.
 */
final class Faults {

    interface Starter {
        Process start() throws IOException;
    }

    private static final Pattern TO = Pattern.compile("\"to\":\\[\"([^\"]+)\"");

    private final LoadGenerator generator;
    private final AcsStub acs;
    private final LoadGenerator.Options options;
    private final Starter starter;
    private final AtomicReference<Process> server;
    private final ScheduledExecutorService retries = Executors.newScheduledThreadPool(2);
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong deliveries = new AtomicLong();
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong redeliveries = new AtomicLong();
    private final AtomicLong givenUp = new AtomicLong();

    Faults(LoadGenerator generator, AcsStub acs, LoadGenerator.Options options, Starter starter,
           AtomicReference<Process> server) {
        this.generator = generator;
        this.acs = acs;
        this.options = options;
        this.starter = starter;
        this.server = server;
    }

    boolean run() throws Exception {
        String fault = options.fault();
        if (!List.of("kill", "acs-down", "triple", "pg-restart").contains(fault)) {
            throw new IllegalArgumentException("--fault must be kill, acs-down, triple or pg-restart");
        }
        if (fault.equals("pg-restart") && !options.db().equals("postgres")) {
            throw new IllegalArgumentException("--fault pg-restart needs --db postgres");
        }
        int copies = fault.equals("triple") ? 3 : 1;
        Thread injector = new Thread(() -> inject(fault), "fault-injector");
        long start = System.nanoTime();
        injector.start();
        long intervalNanos = (long) (1e9 * 1.9 / options.rate());
        long end = start + TimeUnit.SECONDS.toNanos(options.duration());
        for (long scheduled = start; scheduled < end; scheduled += intervalNanos) {
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int count = ThreadLocalRandom.current().nextInt(10) == 0 ? 10 : 1;
            byte[] body = generator.delivery(generator.batch(count, scheduled));
            deliveries.incrementAndGet();
            events.addAndGet(count);
            for (int copy = 0; copy < copies; copy++) {
                pending.incrementAndGet();
                deliver(body, 0);
            }
        }
        injector.join();
        note("load sent: %d events in %d deliveries (x%d copies) over %d s", events.get(), deliveries.get(), copies,
                options.duration());
        await(Duration.ofMinutes(6), "every delivery acknowledged", () -> pending.get() == 0);
        note("every delivery acknowledged or given up after %.1f s (%d redeliveries)",
                (System.nanoTime() - start) / 1e9, redeliveries.get());
        Set<String> customers = new HashSet<>(generator.customers);
        await(Duration.ofMinutes(4), "a reply for every customer", () -> answered().keySet().containsAll(customers));
        note("every customer answered %.1f s after the start", (System.nanoTime() - start) / 1e9);
        Thread.sleep(3000); // a late duplicate would show up now
        return verdict(customers);
    }

    /** Posts one copy of a delivery; anything but a 2xx is delivered again with backoff (0.25 s doubling to 8 s). */
    private void deliver(byte[] body, int attempt) {
        generator.http().send(body, response -> {
            if (response.ok()) {
                pending.decrementAndGet();
            } else if (attempt >= 60) {
                givenUp.incrementAndGet();
                pending.decrementAndGet();
            } else {
                redeliveries.incrementAndGet();
                long delay = Math.min(8000, 250L << Math.min(attempt, 5));
                retries.schedule(() -> deliver(body, attempt + 1), delay, TimeUnit.MILLISECONDS);
            }
        });
    }

    private void inject(String fault) {
        try {
            switch (fault) {
                case "kill" -> {
                    Thread.sleep(TimeUnit.SECONDS.toMillis(options.duration()) / 2);
                    Process old = server.get();
                    long at = System.nanoTime();
                    old.destroyForcibly();
                    old.waitFor();
                    note("kill -9 of PID %d at %d s", old.pid(), options.duration() / 2);
                    server.set(starter.start());
                    generator.awaitHealth();
                    note("restarted as PID %d, healthy %.1f s after the kill", server.get().pid(),
                            (System.nanoTime() - at) / 1e9);
                }
                case "acs-down" -> {
                    Thread.sleep(TimeUnit.SECONDS.toMillis(options.duration()) / 3);
                    acs.outage(new AcsStub.Answer(503, Map.of(),
                            "{\"error\":{\"code\":\"ServiceUnavailable\",\"message\":\"fault injected\"}}"));
                    note("ACS stand-in answers 503 from %d s", options.duration() / 3);
                    Thread.sleep(30_000);
                    acs.outage(null);
                    note("ACS stand-in accepts again after 30 s");
                }
                case "pg-restart" -> {
                    Thread.sleep(TimeUnit.SECONDS.toMillis(options.duration()) / 2);
                    long at = System.nanoTime();
                    String version = Files.list(Path.of("/etc/postgresql")).map(p -> p.getFileName().toString())
                            .findFirst().orElseThrow();
                    Process restart = new ProcessBuilder("pg_ctlcluster", "--skip-systemctl-redirect", version,
                            "main", "restart").inheritIO().start();
                    int exit = restart.waitFor();
                    note("PostgreSQL %s restarted at %d s (pg_ctlcluster exit %d, %.1f s)", version,
                            options.duration() / 2, exit, (System.nanoTime() - at) / 1e9);
                }
                default -> note("every delivery is posted three times at once");
            }
        } catch (IOException | RuntimeException e) {
            note("fault injection failed: %s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Customer -> the distinct WhatsApp messages ACS accepted for them (repeats of one request count once). */
    private Map<String, Set<String>> answered() {
        Map<String, Set<String>> byCustomer = new HashMap<>();
        for (AcsStub.Recorded send : acs.requests()) {
            if (send.answeredStatus() != 202 || !send.signatureValid()) {
                continue;
            }
            Matcher to = TO.matcher(send.body());
            if (to.find()) {
                byCustomer.computeIfAbsent(to.group(1), k -> new HashSet<>()).add(send.repeatabilityId());
            }
        }
        return byCustomer;
    }

    private boolean verdict(Set<String> customers) throws InterruptedException {
        Map<String, Set<String>> answered = answered();
        long lostReplies = customers.stream().filter(c -> !answered.containsKey(c)).count();
        long twice = answered.values().stream().filter(ids -> ids.size() > 1).count();
        AtomicLong missingInbound = new AtomicLong();
        AtomicLong duplicateInbound = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (String customer : customers) {
            pool.submit(() -> {
                int inbound = inboundMessages(customer);
                if (inbound < 1) {
                    missingInbound.incrementAndGet();
                } else if (inbound > 1) {
                    duplicateInbound.incrementAndGet();
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(5, TimeUnit.MINUTES);
        boolean pass = givenUp.get() == 0 && missingInbound.get() == 0 && duplicateInbound.get() == 0
                && lostReplies == 0 && twice == 0;
        System.out.printf("FAULT VERDICT (%s, %s, %d events/s for %d s): %s: %d events in %d deliveries, %d "
                        + "redeliveries, %d deliveries given up; %d customers wrote: %d inbound messages missing, %d "
                        + "stored twice; %d replies lost, %d customers answered more than once (%d sends seen by the "
                        + "stand-in)%n", options.fault(), options.db(), options.rate(), options.duration(),
                pass ? "PASS" : "FAIL", events.get(), deliveries.get(), redeliveries.get(), givenUp.get(),
                customers.size(), missingInbound.get(), duplicateInbound.get(), lostReplies, twice,
                acs.requests().size());
        return pass;
    }

    /** How many inbound messages the customer's conversation holds (0 without a conversation). */
    private int inboundMessages(String customer) {
        try {
            String conversations = get("/api/conversations?customerId="
                    + URLEncoder.encode(customer, StandardCharsets.UTF_8));
            Matcher id = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"").matcher(conversations);
            int inbound = 0;
            while (id.find()) {
                String messages = get("/api/conversations/" + id.group(1) + "/messages");
                inbound += countOf(messages, "\"direction\":\"INBOUND\"");
            }
            return inbound;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = generator.admin().send(HttpRequest.newBuilder(URI.create(generator.base()
                        + path)).header("Authorization", LoadGenerator.adminAuthorization()).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(path + " answered " + response.statusCode());
        }
        return response.body();
    }

    private static int countOf(String text, String needle) {
        int count = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
            count++;
        }
        return count;
    }

    private void note(String format, Object... args) {
        System.out.println(String.format("[%tT] ", System.currentTimeMillis()) + String.format(format, args));
    }

    private static void await(Duration timeout, String what, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                System.out.println("gave up waiting for " + what);
                return;
            }
            Thread.sleep(250);
        }
    }
}
