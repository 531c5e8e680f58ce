package io.parley.loadgen;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.parley.adapters.acs.AcsStub;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/** An HTTPS stand-in for the business's system that the load's flow calls: every order is shipped, at once. */
final class ShopStandIn implements AutoCloseable {

    private static final byte[] ANSWER = "{\"status\": \"shipped\"}".getBytes(StandardCharsets.UTF_8);

    private final HttpsServer server;
    private final AtomicLong calls = new AtomicLong();

    private ShopStandIn() throws IOException, java.security.GeneralSecurityException {
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setHttpsConfigurator(new HttpsConfigurator(AcsStub.serverSslContext()));
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::handle);
        server.start();
    }

    static ShopStandIn start() {
        try {
            return new ShopStandIn();
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot start the shop stand-in", e);
        }
    }

    String url() {
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    long calls() {
        return calls.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        calls.incrementAndGet();
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, ANSWER.length);
        exchange.getResponseBody().write(ANSWER);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        ((ExecutorService) server.getExecutor()).shutdownNow();
    }
}
