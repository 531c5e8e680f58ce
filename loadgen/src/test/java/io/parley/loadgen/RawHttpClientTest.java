package io.parley.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The generator's client counts what the server answered, once: its figures depend on it. */
class RawHttpClientTest {

    @Test
    void aSuccessfulAnswerWithConnectionCloseIsASuccessAndIsNotSentAgain() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread serving = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket connection = server.accept()) {
                        readRequest(connection.getInputStream());
                        requests.incrementAndGet();
                        OutputStream out = connection.getOutputStream();
                        out.write(("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
                                .getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            serving.setDaemon(true);
            serving.start();
            try (RawHttpClient client = new RawHttpClient("127.0.0.1", server.getLocalPort(), 1)) {
                for (int i = 0; i < 3; i++) {
                    CompletableFuture<RawHttpClient.Response> answer = new CompletableFuture<>();
                    client.send(client.post("/api/events", "application/json", "[]".getBytes()), answer::complete);
                    RawHttpClient.Response response = answer.get(10, TimeUnit.SECONDS);
                    assertEquals(200, response.status(), String.valueOf(response.failure()));
                }
            }
        }
        assertEquals(3, requests.get(), "each request reached the server once");
    }

    /** Reads a request with a Content-Length body. */
    private static void readRequest(InputStream in) throws IOException {
        StringBuilder headers = new StringBuilder();
        while (!headers.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed");
            }
            headers.append((char) b);
        }
        String text = headers.toString().toLowerCase();
        int at = text.indexOf("content-length:");
        int length = at < 0 ? 0 : Integer.parseInt(text.substring(at + 15, text.indexOf("\r\n", at)).trim());
        in.readNBytes(length);
    }
}
