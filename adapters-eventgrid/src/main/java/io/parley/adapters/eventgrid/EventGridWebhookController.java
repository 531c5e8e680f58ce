package io.parley.adapters.eventgrid;

import io.micronaut.context.annotation.Value;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
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
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.parley.domain.model.DeadLetter;
import io.parley.domain.port.in.KeepDeadLetterUseCase;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Event Grid webhook. Accepts Event Grid schema arrays and CloudEvents (single and batch), answers both
 * handshakes, and stores every event before answering 200. A delivery is never half refused: good events are
 * stored, unusable ones are kept as dead letters, and only a delivery with nothing usable in it is answered 400.
 * Anything that may succeed on a retry (the database is down) is answered 503 so that Event Grid retries.
 */
@Controller("/api/events")
// JDBC blocks: off the Netty event loop, on the bounded "webhook" executor (micronaut.executors.webhook), so that a
// burst of deliveries cannot take every database connection from the dispatcher
@ExecuteOn(EventGridWebhookController.EXECUTOR)
class EventGridWebhookController {

    static final String EXECUTOR = "webhook";

    private static final Logger LOG = LoggerFactory.getLogger(EventGridWebhookController.class);
    /** Headers that carry credentials: never stored with a dead letter. */
    private static final Set<String> SECRET_HEADERS = Set.of("authorization", "aeg-sas-key", "aeg-sas-token",
            "cookie", "x-functions-key", "proxy-authorization");

    private final WebhookSecret secret;
    private final EntraTokenValidator entra;
    private final JsonMapper json;
    private final AdvancedMessagingEventHandler handler;
    private final KeepDeadLetterUseCase deadLetters;
    private final Clock clock;
    private final long maxEventBytes;
    private final MeterRegistry meters;

    EventGridWebhookController(WebhookSecret secret, EntraTokenValidator entra, JsonMapper json, AdvancedMessagingEventHandler handler,
                               KeepDeadLetterUseCase deadLetters, Clock clock,
                               @Value("${parley.webhook.max-event-size:1048576}") long maxEventBytes,
                               @Nullable MeterRegistry meters) {
        this.meters = meters;
        this.secret = secret;
        this.entra = entra;
        this.json = json;
        this.handler = handler;
        this.deadLetters = deadLetters;
        this.clock = clock;
        this.maxEventBytes = maxEventBytes;
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
    HttpResponse<?> receive(HttpRequest<?> request, @Body @Nullable byte[] body,
                            @QueryValue @Nullable String code) {
        if (entra.isEnabled()) {
            Optional<String> problem = entra.problem(request.getHeaders().get(HttpHeaders.AUTHORIZATION));
            if (problem.isPresent()) {
                LOG.warn("refused a delivery from {}: {}", request.getRemoteAddress(), problem.get());
                return HttpResponse.unauthorized()
                        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"")
                        .body(new WebhookResponses.Error(problem.get(), null));
            }
        }
        if (!secret.accepts(code)) {
            LOG.warn("refused a delivery from {}: {} webhook code", request.getRemoteAddress(),
                    code == null ? "missing" : "wrong");
            return HttpResponse.unauthorized().body(new WebhookResponses.Error(
                    code == null ? "the code query parameter is missing" : "the code query parameter is wrong", null));
        }
        byte[] raw = body == null ? new byte[0] : body;
        if (raw.length == 0) {
            return reject(request, raw, HttpStatus.BAD_REQUEST, "the body is empty: expected a JSON array of events "
                    + "or a CloudEvent");
        }
        JsonNode tree;
        try {
            tree = json.readValue(raw, Argument.of(JsonNode.class));
        } catch (IOException | RuntimeException e) {
            return reject(request, raw, HttpStatus.BAD_REQUEST, "the body is not valid JSON: " + firstLine(e));
        }
        if (tree == null) {
            return reject(request, raw, HttpStatus.BAD_REQUEST, "the body is not valid JSON: it holds no value");
        }
        DeliveryParser.Parsed parsed;
        try {
            parsed = DeliveryParser.parse(tree);
        } catch (InvalidDeliveryException e) {
            return reject(request, raw, HttpStatus.BAD_REQUEST, e.getMessage());
        }
        if (raw.length > maxEventBytes) {
            for (IncomingEvent event : parsed.events()) {
                long size = sizeOf(event.raw());
                if (size > maxEventBytes) {
                    return reject(request, raw, HttpStatus.REQUEST_ENTITY_TOO_LARGE, "event " + event.index()
                            + " (id " + event.id() + ") is " + size + " bytes; the limit is " + maxEventBytes);
                }
            }
        }
        for (IncomingEvent event : parsed.events()) {
            if (AdvancedMessagingEventHandler.SUBSCRIPTION_VALIDATION.equals(event.type())) {
                return validate(request, raw, event);
            }
        }
        return process(request, raw, parsed);
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

    private HttpResponse<?> process(HttpRequest<?> request, byte[] raw, DeliveryParser.Parsed parsed) {
        int accepted = 0;
        int duplicates = 0;
        int ignored = 0;
        List<String> problems = new ArrayList<>();
        List<DeliveryParser.Rejected> rejected = new ArrayList<>(parsed.rejected());
        for (IncomingEvent event : parsed.events()) {
            String outcome;
            try {
                switch (handler.handle(event)) {
                    case ACCEPTED -> {
                        accepted++;
                        outcome = "accepted";
                    }
                    case DUPLICATE -> {
                        duplicates++;
                        outcome = "duplicate";
                    }
                    default -> {
                        ignored++;
                        outcome = "ignored";
                    }
                }
            } catch (InvalidEventException | IllegalArgumentException e) {
                rejected.add(new DeliveryParser.Rejected(event.index(), e.getMessage(), event.raw()));
                outcome = "dead_lettered";
            }
            count(event.type(), outcome);
        }
        if (rejected.isEmpty()) {
            return HttpResponse.ok(new WebhookResponses.Report(accepted, duplicates, ignored, 0, List.of()));
        }
        boolean nothingUsable = accepted + duplicates + ignored == 0;
        if (nothingUsable) {
            String reason = rejected.size() == 1 ? rejected.get(0).reason()
                    : rejected.size() + " events, none usable; first: " + rejected.get(0).reason();
            return reject(request, raw, HttpStatus.BAD_REQUEST, reason);
        }
        for (DeliveryParser.Rejected bad : rejected) {
            keep(request, serialize(bad.raw()), bad.reason());
            problems.add(bad.reason());
        }
        return HttpResponse.ok(new WebhookResponses.Report(accepted, duplicates, ignored, rejected.size(),
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
        meters.counter("parley.events.received", "type", shortType, "outcome", outcome).increment();
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
        LOG.error("could not store a delivery; answering 503 so that Event Grid retries", failure);
        return HttpResponse.<WebhookResponses.Error>status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "5")
                .body(new WebhookResponses.Error("temporarily unable to store events: " + firstLine(failure), null));
    }
}
