package io.parley.app;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** A black-box client of a running Parley: the webhook and the admin API over real HTTP. */
public final class ParleyClient {

    private final String baseUrl;
    private final JsonMapper json;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ParleyClient(String baseUrl, JsonMapper json, String username, String password) {
        this.baseUrl = baseUrl;
        this.json = json;
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public static String event(String name) {
        try (InputStream in = ParleyClient.class.getResourceAsStream("/events/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The documentation's AdvancedMessageAnalysisCompleted event as the analysis of {@code text}, which
     * {@code customer} sent to {@code channel} at the time of the documentation's received-text event, with event id
     * {@code id}.
     */
    public static String analysisEvent(String id, String customer, String channel, String text, String language,
                                       String intent) {
        return event("analysis-completed.json")
                .replace("df1c2d92-6155-4ad7-a865-cb8497106c52", id)
                .replace("{sender@id}", customer)
                .replace("00000000-0000-0000-0000-000000000000", channel)
                .replace("Hello, could u help me order some flowers for Mother\u2019s Day?", text)
                .replace("\"English\"", "\"" + language + "\"")
                .replace("Order request: The customer is contacting customer service to request assistance with "
                        + "ordering flowers for Mother's Day.", intent)
                .replace("2024-07-05T19:10:35.28+00:00", "2023-07-06T18:30:20+00:00");
    }

    public HttpResponse<String> postEvents(String query, String body) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/events" + query))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)), false);
    }

    public HttpResponse<String> admin(String method, String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)), true);
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET(), false);
    }

    public List<Map<String, Object>> list(String path) {
        HttpResponse<String> response = admin("GET", path, null);
        if (response.statusCode() != 200) {
            throw new AssertionError(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return read(response.body(), Argument.listOf(Argument.mapOf(String.class, Object.class)));
    }

    public Map<String, Object> object(String body) {
        return read(body, Argument.mapOf(String.class, Object.class));
    }

    private <T> T read(String body, Argument<T> type) {
        try {
            return json.readValue(body, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The messages of the only conversation of {@code customerId}. */
    public List<Map<String, Object>> messagesOf(String customerId) {
        List<Map<String, Object>> conversations = list("/api/conversations?customerId="
                + java.net.URLEncoder.encode(customerId, StandardCharsets.UTF_8));
        if (conversations.size() != 1) {
            throw new AssertionError("expected one conversation of " + customerId + ", got " + conversations);
        }
        return list("/api/conversations/" + conversations.get(0).get("id") + "/messages");
    }

    private HttpResponse<String> send(HttpRequest.Builder request, boolean authenticated) {
        if (authenticated) {
            request.header("Authorization", authorization);
        }
        return send(http, request.timeout(Duration.ofSeconds(30)).build());
    }

    /** The cookies a response sets, by name (the value only, without the attributes). */
    public static Map<String, String> cookiesOf(HttpResponse<?> response) {
        Map<String, String> found = new java.util.HashMap<>();
        for (String header : response.headers().allValues("Set-Cookie")) {
            String pair = header.split(";", 2)[0];
            int eq = pair.indexOf('=');
            if (eq > 0 && eq < pair.length() - 1) {
                found.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return found;
    }

    /** {@code request} sent with {@code http}, its body as text; failures unchecked. */
    public static HttpResponse<String> send(HttpClient http, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until no reply to these customers is QUEUED any more. Every event was acknowledged before, so every
     * reply they will ever get is stored; once none is queued, none can be sent again, and what the channel has
     * received is final: no need to sleep and hope that a duplicate would have shown by then.
     */
    public void awaitNothingQueuedFor(Duration timeout, String... customerIds) {
        await(timeout, "the replies to " + String.join(", ", customerIds) + " to leave the outbox", () -> {
            for (String customer : customerIds) {
                if (messagesOf(customer).stream().anyMatch(m -> "QUEUED".equals(m.get("status")))) {
                    return false;
                }
            }
            return true;
        });
    }

    /** Waits up to {@code timeout} for {@code condition}; fails with {@code what} otherwise. */
    public static void await(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        if (!condition.getAsBoolean()) {
            throw new AssertionError("timed out after " + timeout + " waiting for " + what);
        }
    }
}
