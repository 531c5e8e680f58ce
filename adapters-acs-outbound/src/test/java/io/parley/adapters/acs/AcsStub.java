package io.parley.adapters.acs;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A stand-in for the ACS Advanced Messaging endpoint on 127.0.0.1 over HTTPS (self-signed certificate, trusted
 * through {@link #clientSslContext()}). It checks every request's HMAC-SHA256 signature the way ACS does, records
 * what it received, answers like ACS (202 with a receipt; the same receipt again for a repeated
 * repeatability-request-id) and can be scripted to fail.
 */
public final class AcsStub implements AutoCloseable {

    public record Recorded(String method, String pathAndQuery, String host, Map<String, List<String>> headers,
                           String body, boolean signatureValid, String signatureProblem, int answeredStatus,
                           String receipt, long receivedNanos) {

        public String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }

        public String repeatabilityId() {
            return header("repeatability-request-id");
        }
    }

    /**
     * A scripted answer, used once, before the stub falls back to accepting. A {@code delayMillis} answer holds the
     * request that long first, and with status 0 then accepts it as usual (a slow but successful ACS).
     */
    public record Answer(int status, Map<String, String> headers, String body, long delayMillis) {

        public Answer(int status, Map<String, String> headers, String body) {
            this(status, headers, body, 0);
        }

        public static Answer slowAccept(long delayMillis) {
            return new Answer(0, Map.of(), null, delayMillis);
        }
    }

    private static final String PASSWORD = "changeit";
    private static final Pattern FIRST_TO = Pattern.compile("\"to\"\\s*:\\s*\\[\\s*\"([^\"]*)\"");

    private final HttpsServer server;
    private final byte[] key;
    // a plain synchronized list: a copy-on-write list costs O(n) per request under load
    private final List<Recorded> requests = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Deque<Answer> script = new ConcurrentLinkedDeque<>();
    private final Map<String, String> receiptByRepeatabilityId = new ConcurrentHashMap<>();
    private volatile java.util.function.Consumer<String> beforeAccepting = receipt -> { };
    private final Map<String, Answer> media = new ConcurrentHashMap<>();
    private volatile java.util.function.Consumer<Recorded> listener;
    private volatile Answer outage;

    static {
        // the JDK's HTTP server leaves Nagle's algorithm on: a response written as headers then body waits for the
        // client's delayed ACK (40 ms) before its second part, so every send took 40 ms or more; ACS does not do that
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private AcsStub() throws IOException, GeneralSecurityException {
        key = new byte[32];
        new SecureRandom().nextBytes(key);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setHttpsConfigurator(new HttpsConfigurator(serverSslContext()));
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", this::handle);
        server.start();
    }

    public static AcsStub start() {
        try {
            return new AcsStub();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot start the ACS stub", e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String endpoint() {
        return "https://127.0.0.1:" + port() + "/";
    }

    public String connectionString() {
        return "endpoint=" + endpoint() + ";accesskey=" + Base64.getEncoder().encodeToString(key);
    }

    public List<Recorded> requests() {
        synchronized (requests) {
            return new ArrayList<>(requests);
        }
    }

    /** Requests that ACS would have turned into a WhatsApp message: signed, accepted, first of their id. */
    public List<Recorded> deliveredSends() {
        Map<String, Recorded> firstById = new java.util.LinkedHashMap<>();
        for (Recorded r : requests()) {
            if (r.signatureValid && r.answeredStatus == 202) {
                firstById.putIfAbsent(r.repeatabilityId(), r);
            }
        }
        return new ArrayList<>(firstById.values());
    }

    public void enqueue(Answer answer) {
        script.add(answer);
    }

    public void enqueue(int status, String body) {
        enqueue(new Answer(status, Map.of(), body));
    }

    /**
     * Runs {@code hook} with the receipt id before the stub answers 202, while the sender still waits: lets a test
     * make a status event arrive before its receipt is recorded.
     */
    public void beforeAccepting(java.util.function.Consumer<String> hook) {
        beforeAccepting = hook;
    }

    /** Serves {@code body} at GET /messages/streams/{id}, as ACS serves received media. */
    public void media(String id, String contentType, String body) {
        media.put(id, new Answer(200, Map.of("Content-Type", contentType), body));
    }

    /** Called with every accepted send (for load generators that follow replies as they arrive). */
    public void onAccepted(java.util.function.Consumer<Recorded> accepted) {
        listener = accepted;
    }

    /**
     * While {@code answer} is not null every send gets it (an ACS outage: for example 503); null ends the outage.
     * Scripted answers wait until it is over.
     */
    public void outage(Answer answer) {
        outage = answer;
    }

    public void reset() {
        media.clear();
        beforeAccepting = receipt -> { };
        requests.clear();
        script.clear();
        outage = null;
        receiptByRepeatabilityId.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long receivedNanos = System.nanoTime();
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        String pathAndQuery = exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
        String host = exchange.getRequestHeaders().getFirst("Host");
        String problem = signatureProblem(exchange, pathAndQuery, host, body);
        String text = new String(body, StandardCharsets.UTF_8);
        Map<String, List<String>> headers = Map.copyOf(exchange.getRequestHeaders());

        Answer answer;
        String receipt = null;
        if (problem != null) {
            answer = new Answer(401, Map.of(), "{\"error\":{\"code\":\"Denied\",\"message\":\"" + problem + "\"}}");
        } else if ("GET".equals(exchange.getRequestMethod())
                && exchange.getRequestURI().getPath().startsWith("/messages/streams/")) {
            String id = exchange.getRequestURI().getPath().substring("/messages/streams/".length());
            Answer scripted = script.poll();
            answer = scripted != null ? scripted : media.getOrDefault(id, new Answer(404, Map.of(),
                    "{\"error\":{\"code\":\"NotFound\",\"message\":\"no media " + id + "\"}}"));
        } else if (!"POST".equals(exchange.getRequestMethod())
                || !exchange.getRequestURI().getPath().equals("/messages/notifications:send")) {
            answer = new Answer(404, Map.of(), "{\"error\":{\"code\":\"NotFound\",\"message\":\"no such API\"}}");
        } else if (outage != null) {
            answer = outage;
        } else if (text.contains("\"kind\":\"interactive\"") && "api-version=2024-02-01".equals(
                exchange.getRequestURI().getRawQuery())) {
            // as ACS: the SDK's api-version has no interactive content
            answer = new Answer(400, Map.of(), "{\"error\":{\"code\":\"BadRequest\",\"message\":"
                    + "\"The kind 'interactive' is not supported in api-version 2024-02-01\"}}");
        } else {
            Answer scripted = script.poll();
            if (scripted != null && scripted.delayMillis() > 0) {
                try {
                    Thread.sleep(scripted.delayMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (scripted != null && scripted.status() != 0) {
                answer = scripted;
            } else {
                String id = exchange.getRequestHeaders().getFirst("repeatability-request-id");
                receipt = id == null ? UUID.randomUUID().toString()
                        : receiptByRepeatabilityId.computeIfAbsent(id, k -> UUID.randomUUID().toString());
                beforeAccepting.accept(receipt);
                Matcher to = FIRST_TO.matcher(text);
                answer = new Answer(202, Map.of(), "{\"receipts\":[{\"messageId\":\"" + receipt + "\",\"to\":\""
                        + (to.find() ? to.group(1) : "") + "\"}]}");
            }
        }
        Recorded recorded = new Recorded(exchange.getRequestMethod(), pathAndQuery, host, headers, text,
                problem == null, problem, answer.status(), receipt, receivedNanos);
        requests.add(recorded);
        java.util.function.Consumer<Recorded> accepted = listener;
        if (accepted != null && answer.status() == 202) {
            accepted.accept(recorded);
        }
        byte[] out = answer.body() == null ? new byte[0] : answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        answer.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(out);
        }
    }

    /** Null when the request is signed as ACS requires, otherwise what is wrong. */
    private String signatureProblem(HttpExchange exchange, String pathAndQuery, String host, byte[] body) {
        try {
            String date = exchange.getRequestHeaders().getFirst("x-ms-date");
            String contentHash = exchange.getRequestHeaders().getFirst("x-ms-content-sha256");
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (date == null || contentHash == null || authorization == null) {
                return "missing x-ms-date, x-ms-content-sha256 or Authorization";
            }
            String expectedHash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(body));
            if (!expectedHash.equals(contentHash)) {
                return "x-ms-content-sha256 does not match the body";
            }
            String toSign = exchange.getRequestMethod() + "\n" + pathAndQuery + "\n" + date + ";" + host + ";"
                    + contentHash;
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            String signature = Base64.getEncoder().encodeToString(mac.doFinal(toSign.getBytes(StandardCharsets.UTF_8)));
            String expected = "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=" + signature;
            return expected.equals(authorization) ? null : "signature mismatch (host header was '" + host + "')";
        } catch (GeneralSecurityException e) {
            return e.toString();
        }
    }

    private static KeyStore load(String resource) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = AcsStub.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IOException("missing test resource " + resource);
            }
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    /** The stub's own certificate, for other HTTPS stand-ins that tests trust the same way. */
    public static SSLContext serverSslContext() throws IOException, GeneralSecurityException {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(load("acs-stub-keystore.p12"), PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    /** An SSL context that trusts the stub's self-signed certificate (and nothing else). */
    public static SSLContext clientSslContext() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(load("acs-stub-truststore.p12"));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Makes every HTTPS client of this JVM trust the stub (and only the stub): the default SSL context for JDK
     * clients, and the default trust store, which OkHttp (the SDK's transport) reads when a client is built.
     */
    public static synchronized void trustStubByDefault() {
        SSLContext.setDefault(clientSslContext());
        try {
            java.nio.file.Path store = java.nio.file.Files.createTempFile("acs-stub-trust", ".p12");
            try (InputStream in = AcsStub.class.getResourceAsStream("/acs-stub-truststore.p12")) {
                java.nio.file.Files.copy(in, store, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            store.toFile().deleteOnExit();
            System.setProperty("javax.net.ssl.trustStore", store.toString());
            System.setProperty("javax.net.ssl.trustStorePassword", PASSWORD);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the stub's trust store", e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
