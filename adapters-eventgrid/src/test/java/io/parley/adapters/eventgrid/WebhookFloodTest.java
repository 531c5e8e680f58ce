package io.parley.adapters.eventgrid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client without the webhook's code must not make Parley read (and hold) its body: the 401 comes on the
 * headers alone, and a flood of 10 MiB posts with a wrong code leaves memory alone and valid deliveries answered.
 */
@MicronautTest
@Property(name = "micronaut.server.max-request-size", value = "10485760")
@Property(name = "micronaut.server.idle-timeout", value = "1s")
class WebhookFloodTest {

    private static final int TEN_MIB = 10 * 1024 * 1024;

    @Inject EmbeddedServer server;
    @Inject RecordingUseCases useCases;

    @BeforeEach
    void reset() {
        useCases.reset();
    }

    private Socket open() throws IOException {
        Socket socket = new Socket("127.0.0.1", server.getPort());
        socket.setSoTimeout(5_000);
        return socket;
    }

    private static String headers(String code, int length) {
        return "POST /api/events?code=" + code + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + length + "\r\n\r\n";
    }

    private static String statusLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
            line.append((char) c);
        }
        return line.toString().strip();
    }

    @Test
    void aWrongCodeIsRefusedOnTheHeadersBeforeAnyBodyIsSent() throws IOException {
        try (Socket socket = open()) {
            socket.getOutputStream().write(headers("wrong", TEN_MIB).getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            // not one byte of the 10 MiB is sent: a server that waits for the body answers nothing within 5 s
            String status = statusLine(socket.getInputStream());
            assertEquals("HTTP/1.1 401 Unauthorized", status);
            String rest = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(rest.toLowerCase().contains("connection: close"), rest);
            assertTrue(rest.contains("the code query parameter is wrong"), rest);
        }
    }

    @Test
    void aRequestThatIsNeverFinishedDoesNotHoldItsConnection() throws IOException {
        try (Socket socket = open()) {
            socket.getOutputStream().write("POST /api/events?code=s3cret HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            // the server closes it after its idle timeout (1 s here, 30 s in application.yml); the socket's own
            // timeout (5 s) fails the test if it does not
            assertEquals(-1, socket.getInputStream().read(), "closed by the server");
        }
    }

    @Test
    void aFloodOfLargeBodiesWithAWrongCodeLeavesMemoryAndValidDeliveriesAlone() throws Exception {
        int attackers = 100;
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) ' ');
        AtomicBoolean attacking = new AtomicBoolean(true);
        AtomicLong maxDirect = new AtomicLong();
        long directBefore = directMemoryUsed();
        ExecutorService pool = Executors.newFixedThreadPool(attackers + 1);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < attackers; i++) {
                answers.add(pool.submit(() -> attack(chunk)));
            }
            Future<?> sampler = pool.submit(() -> {
                while (attacking.get()) {
                    maxDirect.accumulateAndGet(directMemoryUsed(), Math::max);
                    Thread.onSpinWait();
                }
            });
            // a valid delivery in the middle of the flood is stored and answered
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> valid = http.send(HttpRequest.newBuilder(
                            URI.create(server.getURL() + "/api/events?code=s3cret"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            EventGridWebhookControllerTest.resource("received-text.json")))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, valid.statusCode(), valid.body());
            assertEquals(1, useCases.received.size());
            for (Future<String> answer : answers) {
                assertEquals("HTTP/1.1 401 Unauthorized", answer.get(30, TimeUnit.SECONDS));
            }
            attacking.set(false);
            sampler.get(5, TimeUnit.SECONDS);
        } finally {
            attacking.set(false);
            pool.shutdownNow();
        }
        long grown = maxDirect.get() - directBefore;
        // 100 bodies of 10 MiB is 1,000 MiB; what the server may buffer for them is a few socket reads each
        assertTrue(grown < 64L * 1024 * 1024, "direct memory grew by " + grown / 1024 / 1024 + " MiB");
        assertTrue(useCases.deadLetters.isEmpty(), "nothing was kept of the refused bodies");
    }

    /** Sends the headers and then as much of a 10 MiB body as the server lets through; answers the status line. */
    private String attack(byte[] chunk) throws IOException {
        try (Socket socket = open()) {
            OutputStream out = socket.getOutputStream();
            out.write(headers("wrong", TEN_MIB).getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            try {
                for (int sent = 0; sent < TEN_MIB && in.available() == 0; sent += chunk.length) {
                    out.write(chunk);
                }
            } catch (SocketException closedByServer) {
                // the server closed the connection after answering: what it answered is still to be read
            }
            return statusLine(in);
        }
    }

    private static long directMemoryUsed() {
        long used = 0;
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct")) {
                used += pool.getMemoryUsed();
            }
        }
        return used + Math.max(0, io.netty.util.internal.PlatformDependent.usedDirectMemory());
    }
}
