package io.parley.app.demo;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Hidden;
import java.time.Clock;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The console's "customer phone" (demo mode only): a message typed there becomes an AdvancedMessageReceived event,
 * shaped as ACS publishes it, and is posted to this server's own webhook. Nothing is stored directly; it takes the
 * same path as a real customer's message.
 */
@Hidden
@Controller("/console/demo")
@Requires(condition = DemoModeCondition.class)
class CustomerPhoneController {

    static final int MAX_TEXT = 4096;

    private final LocalWebhook webhook;
    private final SimulatedAnalyst analyst;
    private final String channelId;

    private final Clock clock;

    CustomerPhoneController(LocalWebhook webhook, DemoSettings settings, Clock clock, SimulatedAnalyst analyst) {
        this.analyst = analyst;
        this.clock = clock;
        this.webhook = webhook;
        this.channelId = settings.channelId();
    }

    /**
     * {@code from} (the customer's number) and one of {@code text}, {@code buttonPayload} (a template's quick-reply
     * button), {@code buttonReplyId} (a tapped interactive reply button), {@code listReplyId} (an interactive list
     * row) or {@code mediaType} (an image, document... with an optional caption in {@code text}). A tap's
     * {@code text} is the title of what was tapped, and {@code contextMessageId} the id ACS gave the message it was
     * on, as WhatsApp reports a tap. 202 once the webhook stored it; 400 naming what is missing.
     */
    @Post("/messages")
    @ExecuteOn(TaskExecutors.BLOCKING)
    HttpResponse<?> send(@Body CustomerMessage message) throws InterruptedException {
        String from = message.from() == null ? "" : message.from().strip();
        if (!from.matches("\\+?[0-9]{6,15}")) {
            return HttpResponse.badRequest(Map.of("error", "from must be a phone number (6 to 15 digits)"));
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("channelType", "whatsapp");
        data.put("from", from.replace("+", ""));
        data.put("to", channelId);
        data.put("receivedTimestamp", clock.instant().toString());
        data.put("messageId", UUID.randomUUID().toString());
        String text = message.text() == null ? "" : message.text();
        if (text.length() > MAX_TEXT) {
            return HttpResponse.badRequest(Map.of("error", "text must be at most " + MAX_TEXT + " characters"));
        }
        if (notBlank(message.contextMessageId())) {
            if (message.contextMessageId().length() > 255) {
                return HttpResponse.badRequest(Map.of("error", "contextMessageId must be at most 255 characters"));
            }
            data.put("context", Map.of("from", channelId, "id", message.contextMessageId().strip()));
        }
        if (notBlank(message.buttonReplyId())) {
            data.put("messageType", "interactive");
            data.put("interactive", Map.of("type", "buttonReply", "buttonReply", Map.of(
                    "id", message.buttonReplyId().strip(),
                    "title", text.isBlank() ? message.buttonReplyId().strip() : text)));
        } else if (notBlank(message.buttonPayload())) {
            data.put("messageType", "button");
            data.put("button", Map.of("payload", message.buttonPayload().strip(),
                    "text", text.isBlank() ? message.buttonPayload().strip() : text));
        } else if (notBlank(message.listReplyId())) {
            data.put("messageType", "interactive");
            data.put("interactive", Map.of("type", "listReply", "listReply", Map.of(
                    "id", message.listReplyId().strip(),
                    "title", text.isBlank() ? message.listReplyId().strip() : text)));
        } else if (notBlank(message.mediaType())) {
            String mime = message.mediaType().strip();
            data.put("messageType", mime.startsWith("image/") ? "image" : mime.startsWith("video/") ? "video"
                    : mime.startsWith("audio/") ? "audio" : "document");
            Map<String, Object> media = new LinkedHashMap<>();
            media.put("mimeType", mime);
            media.put("id", UUID.randomUUID().toString());
            if (!text.isBlank()) {
                media.put("caption", text);
            }
            data.put("media", media);
        } else if (!text.isBlank()) {
            data.put("messageType", "text");
            data.put("content", text);
        } else {
            return HttpResponse.badRequest(Map.of("error",
                    "a customer message needs text, a button payload, a reply button id, a list reply id or a media "
                            + "type"));
        }
        Map<String, Object> event = webhook.event("Microsoft.Communication.AdvancedMessageReceived",
                "advancedMessage/sender/" + data.get("from") + "/recipient/" + channelId, data);
        try {
            webhook.post(event);
        } catch (IOException e) {
            return HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE).body(Map.of("error", e.getMessage()));
        }
        if ("text".equals(data.get("messageType"))) {
            analyst.analyseLater((String) data.get("from"), channelId, text, Instant.parse(
                    (String) data.get("receivedTimestamp")));
        }
        return HttpResponse.accepted().body(Map.of("eventId", event.get("id"), "messageId", data.get("messageId")));
    }

    private static boolean notBlank(@Nullable String value) {
        return value != null && !value.isBlank();
    }

    @Serdeable
    record CustomerMessage(@Nullable String from, @Nullable String text, @Nullable String buttonPayload,
                           @Nullable String listReplyId, @Nullable String mediaType, @Nullable String buttonReplyId,
                           @Nullable String contextMessageId) {
    }
}
