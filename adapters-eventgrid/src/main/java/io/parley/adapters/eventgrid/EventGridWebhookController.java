package io.parley.adapters.eventgrid;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.micronaut.http.annotation.Controller;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Options;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.parley.domain.model.DeadLetter;
import io.parley.domain.port.in.EventCommand;
import io.parley.domain.port.in.IngestEventsUseCase;
import io.parley.domain.port.in.KeepDeadLetterUseCase;
import jakarta.inject.Named;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Event Grid webhook. Accepts Event Grid schema arrays and CloudEvents (single and batch), answers both
 * handshakes, and stores every event before answering 200. A delivery is never half refused: good events are
 * stored, unusable ones are kept as dead letters, and only a delivery with nothing usable in it is answered 400.
 * Anything that may succeed on a retry (the database is down) is answered 503 so that Event Grid retries.
 */
@Controller("/api/events")
// parsing a large delivery and keeping dead letters are off the Netty event loop, on the bounded "webhook" executor
// (micronaut.executors.webhook); storing events is GroupCommit's, whose few writers hold few database connections
@ExecuteOn(EventGridWebhookController.EXECUTOR)
class EventGridWebhookController {

    static final String EXECUTOR = "webhook";

    private static final Logger LOG = LoggerFactory.getLogger(EventGridWebhookController.class);
    /** Headers that carry credentials: never stored with a dead letter. */
    private static final Set<String> SECRET_HEADERS = Set.of("authorization", "aeg-sas-key", "aeg-sas-token",
            "cookie", "x-functions-key", "proxy-authorization");

    private final JsonMapper json;
    private final AdvancedMessagingEventHandler handler;
    private final GroupCommit groupCommit;
    private final ExecutorService webhookExecutor;
    private final KeepDeadLetterUseCase deadLetters;
    private final Clock clock;
    private final long maxEventBytes;
    private final Duration answerTimeout;
    private final MeterRegistry meters;
    /** {@code parley_events_received_total} by type and outcome, each looked up in the registry once. */
    private final Map<String, io.micrometer.core.instrument.Counter> received = new ConcurrentHashMap<>();

    EventGridWebhookController(JsonMapper json,
                               AdvancedMessagingEventHandler handler, GroupCommit groupCommit,
                               @Named(EXECUTOR) ExecutorService webhookExecutor,
                               KeepDeadLetterUseCase deadLetters, Clock clock,
                               WebhookSettings settings, @Nullable MeterRegistry meters) {
        this.meters = meters;
        this.groupCommit = groupCommit;
        this.webhookExecutor = webhookExecutor;
        this.json = json;
        this.handler = handler;
        this.deadLetters = deadLetters;
        this.clock = clock;
        this.maxEventBytes = settings.maxEventSize();
        this.answerTimeout = settings.answerTimeout();
    }

    /** CloudEvents abuse protection: Event Grid asks whether it may deliver here. */
    @Options
    HttpResponse<Void> handshake(@Header("WebHook-Request-Origin") @Nullable String origin) {
        if (origin == null || origin.isBlank()) {
            return HttpResponse.ok();
        }
        return HttpResponse.<Void>ok()
                .header("WebHook-Allowed-Origin", origin.strip())
                .header("WebHook-Allowed-Rate", "*")
                .header(HttpHeaders.ALLOW, "POST, OPTIONS");
    }

    @Post(consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    CompletableFuture<HttpResponse<?>> receive(HttpRequest<?> request, @Body @Nullable byte[] body) {
        return check(request, body);
    }

    /**
     * Everything that can be answered without the database; a usable delivery goes on to the group commit. The
     * credentials were checked on the headers by {@link WebhookCredentialsFilter} before the body was read.
     */
    private CompletableFuture<HttpResponse<?>> check(HttpRequest<?> request, byte[] body) {
        byte[] raw = body == null ? new byte[0] : body;
        if (raw.length == 0) {
            return done(reject(request, raw, HttpStatus.BAD_REQUEST, "the body is empty: expected a JSON array of "
                    + "events or a CloudEvent"));
        }
        JsonNode tree;
        try {
            tree = StrictJson.read(raw);
        } catch (StrictJson.InvalidJsonException e) {
            return done(reject(request, raw, HttpStatus.BAD_REQUEST, "the body is not valid JSON: " + firstLine(e)));
        }
        DeliveryParser.Parsed parsed;
        try {
            parsed = DeliveryParser.parse(tree);
        } catch (InvalidDeliveryException e) {
            return done(reject(request, raw, HttpStatus.BAD_REQUEST, e.getMessage()));
        }
        if (raw.length > maxEventBytes) {
            for (IncomingEvent event : parsed.events()) {
                long size = sizeOf(event.raw());
                if (size > maxEventBytes) {
                    return done(reject(request, raw, HttpStatus.REQUEST_ENTITY_TOO_LARGE, "event " + event.index()
                            + " (id " + event.id() + ") is " + size + " bytes; the limit is " + maxEventBytes));
                }
            }
        }
        for (IncomingEvent event : parsed.events()) {
            if (AdvancedMessagingEventHandler.SUBSCRIPTION_VALIDATION.equals(event.type())) {
                return done(validate(request, raw, event));
            }
        }
        return process(request, raw, parsed);
    }

    private static CompletableFuture<HttpResponse<?>> done(HttpResponse<?> response) {
        return CompletableFuture.completedFuture(response);
    }

    private HttpResponse<?> validate(HttpRequest<?> request, byte[] raw, IncomingEvent event) {
        String validationCode = event.data() == null ? null : DeliveryParser.text(event.data().get("validationCode"));
        if (validationCode == null || validationCode.isBlank()) {
            return reject(request, raw, HttpStatus.BAD_REQUEST,
                    "SubscriptionValidationEvent without a string data.validationCode");
        }
        LOG.info("answered the Event Grid subscription validation handshake (event {})", event.id());
        return HttpResponse.ok(new WebhookResponses.Validation(validationCode));
    }

    /**
     * Turns the usable events into commands and hands them to the group commit; the answer is sent once they are
     * stored. Unusable events are kept as dead letters after that (a delivery answered 503 is delivered again, and
     * its bad events should be kept once).
     */
    private CompletableFuture<HttpResponse<?>> process(HttpRequest<?> request, byte[] raw,
                                                       DeliveryParser.Parsed parsed) {
        List<DeliveryParser.Rejected> rejected = new ArrayList<>(parsed.rejected());
        List<EventCommand> commands = new ArrayList<>(parsed.events().size());
        List<String> types = new ArrayList<>(parsed.events().size());
        for (IncomingEvent event : parsed.events()) {
            try {
                commands.add(handler.command(event));
                types.add(event.type());
            } catch (InvalidEventException | IllegalArgumentException e) {
                rejected.add(new DeliveryParser.Rejected(event.index(), e.getMessage(), event.raw()));
                count(event.type(), "dead_lettered");
            }
        }
        if (commands.isEmpty()) {
            String reason = rejected.size() == 1 ? rejected.get(0).reason()
                    : rejected.size() + " events, none usable; first: " + rejected.get(0).reason();
            return done(reject(request, raw, HttpStatus.BAD_REQUEST, reason));
        }
        // answered 503 if storing takes longer than Event Grid waits: it will deliver again, and ids make that safe
        CompletableFuture<List<IngestEventsUseCase.Outcome>> stored = groupCommit.submit(commands)
                .orTimeout(answerTimeout.toMillis(), TimeUnit.MILLISECONDS);
        if (rejected.isEmpty()) {
            return stored.thenApply(outcomes -> report(types, outcomes, List.of()));
        }
        // keeping dead letters is a database write: not on the writer thread that completed the commit
        return stored.thenApplyAsync(outcomes -> {
            List<String> problems = new ArrayList<>(rejected.size());
            for (DeliveryParser.Rejected bad : rejected) {
                keep(request, serialize(bad.raw()), bad.reason());
                problems.add(bad.reason());
            }
            return report(types, outcomes, problems);
        }, webhookExecutor);
    }

    private HttpResponse<?> report(List<String> types, List<IngestEventsUseCase.Outcome> outcomes,
                                   List<String> problems) {
        int accepted = 0;
        int duplicates = 0;
        int ignored = 0;
        for (int i = 0; i < outcomes.size(); i++) {
            switch (outcomes.get(i)) {
                case ACCEPTED -> accepted++;
                case DUPLICATE -> duplicates++;
                default -> ignored++;
            }
            count(types.get(i), outcomes.get(i).name().toLowerCase(Locale.ROOT));
        }
        return HttpResponse.ok(new WebhookResponses.Report(accepted, duplicates, ignored, problems.size(),
                problems));
    }

    /** {@code parley_events_received_total{type,outcome}}; unknown types are counted as "other". */
    private void count(String type, String outcome) {
        if (meters == null) {
            return;
        }
        String shortType = switch (type) {
            case AdvancedMessagingEventHandler.RECEIVED -> "AdvancedMessageReceived";
            case AdvancedMessagingEventHandler.DELIVERY_STATUS -> "AdvancedMessageDeliveryStatusUpdated";
            case AdvancedMessagingEventHandler.ANALYSIS -> "AdvancedMessageAnalysisCompleted";
            default -> "other";
        };
        received.computeIfAbsent(shortType + " " + outcome,
                key -> meters.counter("parley.events.received", "type", shortType, "outcome", outcome)).increment();
    }

    private HttpResponse<?> reject(HttpRequest<?> request, byte[] raw, HttpStatus status, String reason) {
        if (meters != null) {
            meters.counter("parley.deliveries.refused", "status", String.valueOf(status.getCode())).increment();
        }
        long id = keep(request, raw, reason);
        return HttpResponse.status(status).body(new WebhookResponses.Error(reason, id));
    }

    private long keep(HttpRequest<?> request, byte[] raw, String reason) {
        return deadLetters.keep(new DeadLetter(null, clock.instant(), reason, safeHeaders(request), raw));
    }

    /** The request's headers without credentials, plus the path (the query string may hold the secret). */
    private static Map<String, String> safeHeaders(HttpRequest<?> request) {
        Map<String, String> headers = new TreeMap<>();
        request.getHeaders().forEach((name, values) -> {
            if (!SECRET_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                headers.put(name.toLowerCase(Locale.ROOT), String.join(", ", values));
            }
        });
        headers.put(":method", request.getMethodName());
        headers.put(":path", request.getPath());
        return headers;
    }

    private long sizeOf(JsonNode node) {
        return serialize(node).length;
    }

    private byte[] serialize(JsonNode node) {
        try {
            return json.writeValueAsBytes(node);
        } catch (IOException | RuntimeException e) {
            return String.valueOf(node).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    /** Storage is unavailable (or another transient fault): Event Grid must retry, so answer 503, never 400. */
    @Error
    HttpResponse<WebhookResponses.Error> unavailable(HttpRequest<?> request, Throwable failure) {
        if (failure instanceof ContentLengthExceededException tooLarge) {
            // refused before it was read: there are no bytes to keep
            return HttpResponse.<WebhookResponses.Error>status(HttpStatus.REQUEST_ENTITY_TOO_LARGE)
                    .body(new WebhookResponses.Error(tooLarge.getMessage(), null));
        }
        if (failure instanceof CompletionException wrapped && wrapped.getCause() != null) {
            failure = wrapped.getCause();
        }
        if (failure instanceof GroupCommit.OverloadedException overloaded) {
            LOG.warn("refused a delivery: {}", overloaded.getMessage());
            return HttpResponse.<WebhookResponses.Error>status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, "1")
                    .body(new WebhookResponses.Error(overloaded.getMessage(), null));
        }
        LOG.error("could not store a delivery; answering 503 so that Event Grid retries", failure);
        return HttpResponse.<WebhookResponses.Error>status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "5")
                .body(new WebhookResponses.Error("temporarily unable to store events; try again later", null));
    }
}
