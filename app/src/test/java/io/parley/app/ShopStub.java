package io.parley.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.parley.adapters.acs.AcsStub;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An HTTPS stand-in for a business's own system (a shop's order API), with the ACS stub's certificate: records every
 * call with its headers and exact body, and answers from a queue (200 {@code {"status": "shipped"}} when empty).
 */
final class ShopStub implements AutoCloseable {

    record Call(String method, String path, String idempotencyKey, String signature, String authorization,
                byte[] body) {

        boolean signedWith(String secret) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                return ("sha256=" + HexFormat.of().formatHex(mac.doFinal(body))).equals(signature);
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    record Answer(int status, String body, long delayMillis) {
    }

    private final HttpsServer server;
    private final List<Call> calls = new ArrayList<>();
    private final Deque<Answer> answers = new ArrayDeque<>();
    private volatile java.util.function.Consumer<Call> beforeAnswering = call -> { };

    private ShopStub() throws IOException, java.security.GeneralSecurityException {
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(AcsStub.serverSslContext()));
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::handle);
        server.start();
    }

    static ShopStub start() {
        try {
            return new ShopStub();
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot start the shop stand-in", e);
        }
    }

    String url() {
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    synchronized void answer(int status, String body) {
        answers.add(new Answer(status, body, 0));
    }

    synchronized void answerSlowly(int status, String body, long delayMillis) {
        answers.add(new Answer(status, body, delayMillis));
    }

    synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Runs {@code hook} with each call before it is answered (on the server's thread). */
    void beforeAnswering(java.util.function.Consumer<Call> hook) {
        beforeAnswering = hook;
    }

    synchronized void reset() {
        calls.clear();
        answers.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Answer answer;
        Call call = new Call(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                exchange.getRequestHeaders().getFirst("X-Parley-Signature"),
                exchange.getRequestHeaders().getFirst("Authorization"), body);
        beforeAnswering.accept(call);
        synchronized (this) {
            calls.add(call);
            answer = answers.isEmpty() ? new Answer(200, "{\"status\": \"shipped\"}", 0) : answers.poll();
        }
        if (answer.delayMillis() > 0) {
            try {
                Thread.sleep(answer.delayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
            exchange.getResponseBody().write(out);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
