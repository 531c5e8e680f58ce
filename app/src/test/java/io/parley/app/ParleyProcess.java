package io.parley.app;

import static io.parley.app.ParleyClient.await;

import io.micronaut.json.JsonMapper;
import io.parley.adapters.acs.AcsStub;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The packaged parley.jar run as operators run it: its own JVM, configured by environment variables. */
final class ParleyProcess implements AutoCloseable {

    static final Path JAR = Path.of("target", "parley.jar");
    private static Path trustStore;

    private final Process process;
    private final int port;

    private ParleyProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the jar with {@code env} (plus a free port) and waits until /health answers 200. */
    static ParleyProcess start(Map<String, String> env, String logName, JsonMapper json) throws IOException {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException("build the jar first: " + JAR.toAbsolutePath());
        }
        int port = freePort();
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-Djavax.net.ssl.trustStore=" + trustStore(),
                "-Djavax.net.ssl.trustStorePassword=changeit", "-jar", JAR.toString());
        Map<String, String> all = new HashMap<>(env);
        all.put("MICRONAUT_SERVER_PORT", String.valueOf(port));
        all.put("MICRONAUT_SERVER_HOST", "127.0.0.1");
        builder.environment().putAll(all);
        builder.redirectErrorStream(true).redirectOutput(Path.of("target", logName + ".log").toFile());
        ParleyProcess parley = new ParleyProcess(builder.start(), port);
        ParleyClient probe = parley.client(json, "admin", "unused");
        await(Duration.ofSeconds(60), "Parley to answer /health", () -> {
            try {
                return probe.get("/health").statusCode() == 200;
            } catch (RuntimeException notYet) {
                return false;
            }
        });
        return parley;
    }

    ParleyClient client(JsonMapper json, String user, String password) {
        return new ParleyClient("http://127.0.0.1:" + port, json, user, password);
    }

    Process process() {
        return process;
    }

    /** SIGKILL on Linux: no shutdown hooks, no flush. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            process.waitFor();
        }
    }

    private static synchronized Path trustStore() throws IOException {
        if (trustStore == null) {
            trustStore = Files.createTempFile("acs-stub-trust", ".p12");
            try (InputStream in = AcsStub.class.getResourceAsStream("/acs-stub-truststore.p12")) {
                Files.copy(in, trustStore, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return trustStore;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
