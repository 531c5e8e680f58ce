package io.parley.loadgen;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code --fault flood}: the unauthenticated memory attack of the hardening review. For {@code --duration} seconds,
 * {@code --connections} clients (default 100) each post 10 MiB bodies with a wrong {@code ?code=} as fast as the
 * server lets them, while one client posts a valid delivery every 100 ms. Prints the answer codes of both, the
 * latency of the valid deliveries, Parley's peak RSS, and how many stack-trace lines Parley logged meanwhile.
 * Passes when every attack got 401 (or was cut off by the server), every valid delivery got 200, and nothing was
 * logged with a stack trace.
 */
final class Flood {

    private static final int TEN_MIB = 10 * 1024 * 1024;

    private final LoadGenerator generator;
    private final long pid;
    private final String host;
    private final int port;
    private final LoadGenerator.Options options;

    Flood(LoadGenerator generator, long pid, String host, int port, LoadGenerator.Options options) {
        this.generator = generator;
        this.pid = pid;
        this.host = host;
        this.port = port;
        this.options = options;
    }

    boolean run() throws Exception {
        Path log = Path.of(System.getProperty("java.io.tmpdir"), "parley-load.log");
        long traceLinesBefore = traceLines(log);
        int attackers = options.connections() == 256 ? 100 : options.connections();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.duration());
        Map<String, AtomicLong> attackAnswers = new ConcurrentHashMap<>();
        Map<String, AtomicLong> validAnswers = new ConcurrentHashMap<>();
        List<Long> validNanos = Collections.synchronizedList(new ArrayList<>());
        AtomicLong peakRssKb = new AtomicLong(Machine.rss(pid));
        AtomicLong bytesSent = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(attackers + 2);
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) ' ');
        for (int i = 0; i < attackers; i++) {
            pool.submit(() -> {
                while (System.nanoTime() < end) {
                    attackAnswers.computeIfAbsent(attack(chunk, bytesSent), k -> new AtomicLong()).incrementAndGet();
                }
                return null;
            });
        }
        pool.submit(() -> {
            while (System.nanoTime() < end) {
                peakRssKb.accumulateAndGet(Machine.rss(pid), Math::max);
                Thread.sleep(250);
            }
            return null;
        });
        long n = 0;
        while (System.nanoTime() < end) {
            long started = System.nanoTime();
            String status;
            try {
                HttpResponse<Void> response = generator.admin().send(HttpRequest.newBuilder(URI.create(
                                generator.base() + "/api/events?code=" + LoadGenerator.SECRET))
                        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(valid(++n))).build(),
                        HttpResponse.BodyHandlers.discarding());
                status = String.valueOf(response.statusCode());
                validNanos.add(System.nanoTime() - started);
            } catch (IOException e) {
                status = "no answer (" + e.getClass().getSimpleName() + ")";
            }
            validAnswers.computeIfAbsent(status, k -> new AtomicLong()).incrementAndGet();
            long wait = TimeUnit.MILLISECONDS.toNanos(100) - (System.nanoTime() - started);
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
        }
        pool.shutdown();
        pool.awaitTermination(60, TimeUnit.SECONDS);
        long traceLines = traceLines(log) - traceLinesBefore;
        System.out.printf("flood: %d clients posting 10 MiB bodies with a wrong code for %d s (%d MiB offered)%n",
                attackers, options.duration(), bytesSent.get() / 1024 / 1024);
        System.out.println("  answers to the flood:     " + new TreeMap<>(attackAnswers));
        System.out.println("  answers to valid posts:   " + new TreeMap<>(validAnswers));
        System.out.printf("  valid delivery latency:   p50 %s, p99 %s, max %s%n",
                LoadGenerator.Result.ms(validNanos, 0.5), LoadGenerator.Result.ms(validNanos, 0.99),
                LoadGenerator.Result.ms(validNanos, 1.0));
        System.out.printf("  Parley peak RSS:          %d MB (after: %d MB)%n", peakRssKb.get() / 1024,
                Machine.rss(pid) / 1024);
        System.out.println("  stack-trace lines logged: " + traceLines);
        boolean passed = attackAnswers.keySet().stream().allMatch(k -> k.equals("401") || k.startsWith("cut off"))
                && validAnswers.keySet().equals(java.util.Set.of("200")) && traceLines == 0;
        System.out.println(passed ? "PASS" : "FAIL");
        return passed;
    }

    /** One post of a 10 MiB body with a wrong code: the status it got, or how the server ended it. */
    private String attack(byte[] chunk, AtomicLong bytesSent) {
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/events?code=wrong HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: "
                    + "application/json\r\nContent-Length: " + TEN_MIB + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            try {
                for (int sent = 0; sent < TEN_MIB && in.available() == 0; sent += chunk.length) {
                    out.write(chunk, 0, Math.min(chunk.length, TEN_MIB - sent));
                    bytesSent.addAndGet(Math.min(chunk.length, TEN_MIB - sent));
                }
            } catch (SocketException closed) {
                // the server closed the connection: its answer, if any, is still to be read
            }
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
                line.append((char) c);
            }
            String[] parts = line.toString().strip().split(" ");
            return parts.length > 1 ? parts[1] : "cut off without an answer";
        } catch (IOException e) {
            return "cut off (" + e.getClass().getSimpleName() + ")";
        }
    }

    private static String valid(long n) {
        String now = java.time.Instant.now().toString();
        return "[{\"id\":\"flood-valid-" + n + "-" + System.nanoTime() + "\",\"eventType\":"
                + "\"Microsoft.Communication.AdvancedMessageReceived\",\"subject\":\"advancedMessage/sender/1999" + n
                + "/recipient/channel-1\",\"dataVersion\":\"1.0\",\"metadataVersion\":\"1\",\"eventTime\":\"" + now
                + "\",\"data\":{\"content\":\"Hello\",\"channelType\":\"whatsapp\",\"from\":\"1999" + n + "\","
                + "\"to\":\"channel-1\",\"receivedTimestamp\":\"" + now + "\"}}]";
    }

    private static long traceLines(Path log) {
        try (var lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
            return lines.filter(l -> l.startsWith("\tat ")).count();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
