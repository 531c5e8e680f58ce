package io.parley.app.flows;

import io.parley.app.config.FlowSettings;
import io.parley.domain.model.FlowPolicy;
import io.parley.domain.model.HttpCall;
import io.parley.domain.port.out.FlowCallPort;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes HTTP steps' calls with the JDK's client, through the JVM's default trust store: the body signed as
 * {@code X-Parley-Signature: sha256=<hex HMAC-SHA256>} keyed with PARLEY_FLOWS_HTTP_SECRET, the work's id as
 * {@code Idempotency-Key}, {@code {{secret.NAME}}} in headers filled in here and nowhere else, redirects not
 * followed (they could lead to a host that is not allowed), at most {@link #MAX_ANSWER} bytes of the answer read.
 */
@Singleton
class HttpFlowCalls implements FlowCallPort {

    private static final Logger LOG = LoggerFactory.getLogger(HttpFlowCalls.class);
    static final int MAX_ANSWER = 256 * 1024;
    private static final Pattern SECRET = Pattern.compile("\\{\\{\\s*secret\\.([A-Za-z0-9_]+)\\s*}}");

    private final FlowSettings settings;
    private final FlowPolicy policy;
    private final HttpClient client;
    private volatile boolean unsignedWarned;

    HttpFlowCalls(FlowSettings settings) {
        this.settings = settings;
        this.policy = settings.toDomain();
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public HttpCall.Result call(HttpCall call, String idempotencyKey) {
        String host = FlowPolicy.host(call.url());
        if (!policy.allows(host)) {
            // the flow was saved before the setting changed: refused here too
            return HttpCall.Result.failed("the host " + host + " is not allowed (PARLEY_FLOWS_HTTP_ALLOWED_HOSTS)");
        }
        byte[] body = call.body() == null ? new byte[0] : call.body().getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(call.url())).timeout(call.timeout());
        } catch (IllegalArgumentException e) {
            return HttpCall.Result.failed("not a valid address: " + e.getMessage());
        }
        for (Map.Entry<String, String> header : call.headers().entrySet()) {
            String value = withSecrets(header.getValue());
            if (value == null) {
                return HttpCall.Result.failed("a secret of header " + header.getKey() + " is not configured");
            }
            request.header(header.getKey(), value);
        }
        request.header("Idempotency-Key", idempotencyKey);
        request.header("User-Agent", "Parley-Flows/1");
        String signature = signature(body);
        if (signature != null) {
            request.header("X-Parley-Signature", signature);
        }
        if (body.length > 0) {
            request.header("Content-Type", "application/json");
        }
        request.method(call.method(), body.length == 0 && "GET".equals(call.method())
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            HttpResponse<InputStream> response = client.send(request.build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                byte[] answer = in.readNBytes(MAX_ANSWER);
                return new HttpCall.Result(response.statusCode(), new String(answer, StandardCharsets.UTF_8), null);
            }
        } catch (HttpTimeoutException e) {
            return HttpCall.Result.failed("no answer within " + call.timeout().toMillis() + " ms");
        } catch (IOException e) {
            return HttpCall.Result.failed("could not reach " + host + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HttpCall.Result.failed("interrupted");
        }
    }

    /** The header value with its secrets filled in; null when one is not configured. */
    private String withSecrets(String value) {
        if (!value.contains("{{")) {
            return value;
        }
        Matcher m = SECRET.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String secret = settings.secret(m.group(1));
            if (secret == null) {
                return null;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(secret));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** {@code sha256=<hex>} of the exact body bytes (empty for a GET), or null without PARLEY_FLOWS_HTTP_SECRET. */
    String signature(byte[] body) {
        String secret = settings.httpSecret();
        if (secret == null || secret.isEmpty()) {
            if (!unsignedWarned) {
                unsignedWarned = true;
                LOG.warn("PARLEY_FLOWS_HTTP_SECRET is not set: flow calls go out without X-Parley-Signature");
            }
            return null;
        }
        return FlowSignature.of(secret, body);
    }
}
