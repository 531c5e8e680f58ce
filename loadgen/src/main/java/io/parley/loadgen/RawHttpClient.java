package io.parley.loadgen;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A minimal HTTP/1.1 client for load: a fixed set of keep-alive connections, each served by one thread that writes a
 * prepared request and reads the status line, the headers and the body. It costs a small fraction of the CPU the
 * JDK's HttpClient takes per request (measured: the JDK client tops out near 4,300 OPTIONS requests/s on this
 * machine, where the server answers 35,000/s), which matters when the generator shares two cores with the server.
 *
 * <p>Requests wait in one queue for a free connection; latency is the caller's to measure from its own schedule,
 * so time spent waiting here counts, as it must in an open-loop test.
 */
final class RawHttpClient implements AutoCloseable {

    /** What one request got: the status (-1 when the connection failed), and when the answer was complete. */
    record Response(int status, long finishedNanos, String failure) {

        boolean ok() {
            return status / 100 == 2;
        }
    }

    private record Request(byte[] bytes, Consumer<Response> done) {
    }

    private final String host;
    private final int port;
    private final BlockingQueue<Request> queue = new LinkedBlockingQueue<>();
    private final List<Thread> workers = new ArrayList<>();
    private final AtomicBoolean open = new AtomicBoolean(true);
    private final AtomicLong reconnects = new AtomicLong();

    RawHttpClient(String host, int port, int connections) {
        this.host = host;
        this.port = port;
        for (int i = 0; i < connections; i++) {
            Thread worker = new Thread(this::serve, "http-" + i);
            worker.setDaemon(true);
            worker.start();
            workers.add(worker);
        }
    }

    /** A POST of a JSON body to {@code pathAndQuery}, as bytes ready to be written. */
    byte[] post(String pathAndQuery, String contentType, byte[] body) {
        byte[] head = ("POST " + pathAndQuery + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nContent-Type: "
                + contentType + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[head.length + body.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        return request;
    }

    /** A request without a body (OPTIONS, GET) with the given extra header lines. */
    byte[] request(String method, String pathAndQuery, String... headerLines) {
        StringBuilder head = new StringBuilder(method).append(' ').append(pathAndQuery).append(" HTTP/1.1\r\nHost: ")
                .append(host).append(':').append(port).append("\r\n");
        for (String line : headerLines) {
            head.append(line).append("\r\n");
        }
        return head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Sends on the next free connection; {@code done} runs on that connection's thread. */
    void send(byte[] request, Consumer<Response> done) {
        queue.add(new Request(request, done));
    }

    /** Requests waiting for a connection. */
    int waiting() {
        return queue.size();
    }

    long reconnects() {
        return reconnects.get();
    }

    private void serve() {
        Socket socket = null;
        InputStream in = null;
        OutputStream out = null;
        while (open.get()) {
            Request request;
            try {
                request = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                break;
            }
            if (request == null) {
                continue;
            }
            // a kept-alive connection the server has closed meanwhile fails at once: that request goes again on a
            // new connection (deliveries are idempotent); a failure on a fresh connection is the answer
            for (int attempt = 1; ; attempt++) {
                boolean reused = socket != null;
                try {
                    if (socket == null) {
                        socket = new Socket();
                        socket.setTcpNoDelay(true);
                        socket.connect(new InetSocketAddress(host, port), 5000);
                        socket.setSoTimeout(60_000);
                        in = new BufferedInputStream(socket.getInputStream(), 8192);
                        out = new BufferedOutputStream(socket.getOutputStream(), 16384);
                    }
                    out.write(request.bytes());
                    out.flush();
                    Answer answer = readResponse(in);
                    request.done().accept(new Response(answer.status(), System.nanoTime(), null));
                    if (answer.close()) {
                        // answered, and the server closes the connection: the next request opens a new one
                        closeQuietly(socket);
                        socket = null;
                    }
                    break;
                } catch (IOException | RuntimeException e) {
                    closeQuietly(socket);
                    socket = null;
                    reconnects.incrementAndGet();
                    if (!reused || attempt > 1) {
                        request.done().accept(new Response(-1, System.nanoTime(), e.toString()));
                        break;
                    }
                }
            }
        }
        closeQuietly(socket);
    }

    /** A response's status, and whether the server closes the connection after it. */
    record Answer(int status, boolean close) {
    }

    /** Reads one response; the body is read and dropped (Content-Length or chunked). */
    static Answer readResponse(InputStream in) throws IOException {
        String statusLine = line(in);
        if (statusLine == null || !statusLine.startsWith("HTTP/1.")) {
            throw new IOException("no HTTP response: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = 0;
        boolean chunked = false;
        boolean close = false;
        for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = header.substring(0, colon).trim();
            String value = header.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("content-length")) {
                length = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("transfer-encoding") && value.equalsIgnoreCase("chunked")) {
                chunked = true;
            } else if (name.equalsIgnoreCase("connection") && value.equalsIgnoreCase("close")) {
                close = true;
            }
        }
        if (chunked) {
            for (long size = Long.parseLong(line(in).trim(), 16); size > 0;
                 size = Long.parseLong(line(in).trim(), 16)) {
                skip(in, size);
                line(in);
            }
            line(in);
        } else {
            skip(in, length);
        }
        return new Answer(status, close);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int b = in.read(); b != -1; b = in.read()) {
            if (b == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            line.append((char) b);
        }
        return line.length() == 0 ? null : line.toString();
    }

    private static void skip(InputStream in, long bytes) throws IOException {
        long left = bytes;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new IOException("the body ended early");
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    private static void closeQuietly(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    @Override
    public void close() {
        open.set(false);
        for (Thread worker : workers) {
            worker.interrupt();
        }
    }
}
