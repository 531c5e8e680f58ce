package io.parley.adapters.acs;

import com.azure.communication.messages.NotificationMessagesClient;
import com.azure.communication.messages.models.MediaNotificationContent;
import com.azure.communication.messages.models.MessageReceipt;
import com.azure.communication.messages.models.MessageTemplate;
import com.azure.communication.messages.models.MessageTemplateText;
import com.azure.communication.messages.models.MessageTemplateValue;
import com.azure.communication.messages.models.NotificationContent;
import com.azure.communication.messages.models.SendMessageResult;
import com.azure.communication.messages.models.TemplateNotificationContent;
import com.azure.communication.messages.models.TextNotificationContent;
import com.azure.communication.messages.models.channels.WhatsAppMessageTemplateBindings;
import com.azure.communication.messages.models.channels.WhatsAppMessageTemplateBindingsComponent;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.rest.RequestOptions;
import com.azure.core.http.rest.Response;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.core.util.DateTimeRfc1123;
import io.parley.domain.model.OutboundContent;
import io.parley.domain.model.OutboundMessage;
import io.parley.domain.port.out.MessageSender;
import io.parley.domain.port.out.SendFailedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sends replies through ACS Advanced Messaging with the Azure SDK. Every attempt of one message carries the same
 * {@code repeatability-request-id} (the message's id) and {@code repeatability-first-sent} (the start of its
 * current repeatability window), so
 * ACS answers a repeated request with the original result instead of sending twice.
 */
final class AcsMessageSender implements MessageSender {

    static final HttpHeaderName REPEATABILITY_REQUEST_ID = HttpHeaderName.fromString("repeatability-request-id");
    static final HttpHeaderName REPEATABILITY_FIRST_SENT = HttpHeaderName.fromString("repeatability-first-sent");
    private static final HttpHeaderName RETRY_AFTER_MS = HttpHeaderName.fromString("retry-after-ms");
    private static final HttpHeaderName X_MS_RETRY_AFTER_MS = HttpHeaderName.fromString("x-ms-retry-after-ms");

    private final NotificationMessagesClient client;
    private final HttpPipeline pipeline;
    private final String interactiveUrl;
    private final Clock clock;

    /**
     * @param interactiveApiVersion the api-version of interactive sends, which SDK 1.0.0 (api-version 2024-02-01)
     *                              cannot make: they go to the same operation through the client's own pipeline
     */
    AcsMessageSender(AcsConnection connection, String interactiveApiVersion, Clock clock) {
        this.client = connection.client();
        this.pipeline = connection.pipeline();
        this.interactiveUrl = connection.endpoint() + "/messages/notifications:send?api-version="
                + interactiveApiVersion;
        this.clock = clock;
    }

    AcsMessageSender(AcsConnection connection) {
        this(connection, AcsOutboundFactory.DEFAULT_INTERACTIVE_API_VERSION, Clock.systemUTC());
    }

    @Override
    public String send(OutboundMessage message) throws SendFailedException {
        Instant firstSent = message.windowStartedAt() == null ? clock.instant() : message.windowStartedAt();
        String firstSentHeader = new DateTimeRfc1123(OffsetDateTime.ofInstant(firstSent, ZoneOffset.UTC)).toString();
        try {
            if (message.content() instanceof OutboundContent.Interactive interactive) {
                return sendInteractive(message, interactive, firstSentHeader);
            }
            RequestOptions options = new RequestOptions()
                    .setHeader(REPEATABILITY_REQUEST_ID, message.id().toString())
                    .setHeader(REPEATABILITY_FIRST_SENT, firstSentHeader);
            Response<BinaryData> response = client.sendWithResponse(BinaryData.fromObject(toContent(message)),
                    options);
            return receipt(response.getValue(), response.getStatusCode());
        } catch (HttpResponseException e) {
            throw classify(e, clock);
        } catch (SendFailedException e) {
            throw e;
        } catch (RuntimeException e) {
            if (neverSent(e)) {
                throw new SendFailedException(true, "CONNECTION", describe(e), null, e);
            }
            // a timeout or a connection lost mid-request: ACS may have sent the message without us hearing back
            throw SendFailedException.outcomeUnknown("NO_ANSWER", describe(e), e);
        }
    }

    /**
     * Sends an interactive message as the SDK sends everything else: the same operation and headers, signed and
     * sent by the client's pipeline, at the interactive api-version, with the body of CONTRACT.md.
     */
    private String sendInteractive(OutboundMessage message, OutboundContent.Interactive content,
                                   String firstSentHeader) throws SendFailedException {
        HttpRequest request = new HttpRequest(HttpMethod.POST, interactiveUrl)
                .setHeader(HttpHeaderName.CONTENT_TYPE, "application/json")
                .setHeader(HttpHeaderName.ACCEPT, "application/json")
                .setHeader(REPEATABILITY_REQUEST_ID, message.id().toString())
                .setHeader(REPEATABILITY_FIRST_SENT, firstSentHeader)
                .setBody(BinaryData.fromObject(interactiveBody(message, content)));
        try (HttpResponse response = pipeline.sendSync(request, Context.NONE)) {
            int status = response.getStatusCode();
            BinaryData body = response.getBodyAsBinaryData();
            if (status / 100 == 2) {
                return receipt(body, status);
            }
            String text = body == null ? "" : body.toString();
            throw classify(status, response.getHeaders(), "Status code " + status + ", \"" + text + "\"", null,
                    clock);
        }
    }

    /** The JSON body of an interactive send (CONTRACT.md, "Interactive replies"); absent header or footer left out. */
    static Map<String, Object> interactiveBody(OutboundMessage message, OutboundContent.Interactive content) {
        Map<String, Object> interactive = new LinkedHashMap<>();
        if (content.header() != null) {
            interactive.put("header", text(content.header()));
        }
        interactive.put("body", text(content.body()));
        if (content.footer() != null) {
            interactive.put("footer", text(content.footer()));
        }
        interactive.put("action", action(content.action()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("channelRegistrationId", message.channelId());
        body.put("to", List.of(message.recipientId()));
        body.put("kind", "interactive");
        body.put("interactiveMessage", interactive);
        return body;
    }

    private static Map<String, Object> action(OutboundContent.Interactive.Action action) {
        Map<String, Object> content = new LinkedHashMap<>();
        String kind;
        if (action instanceof OutboundContent.Interactive.Buttons buttons) {
            kind = "whatsAppButtonAction";
            content.put("kind", "buttonSet");
            content.put("buttons", buttons.buttons().stream().map(b -> {
                Map<String, Object> button = new LinkedHashMap<>();
                button.put("id", b.id());
                button.put("title", b.title());
                return button;
            }).toList());
        } else if (action instanceof OutboundContent.Interactive.Choices list) {
            kind = "whatsAppListAction";
            content.put("kind", "group");
            content.put("title", list.buttonText());
            content.put("groups", list.sections().stream().map(section -> {
                Map<String, Object> group = new LinkedHashMap<>();
                group.put("title", section.title() == null ? "" : section.title());
                group.put("items", section.rows().stream().map(row -> {
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("id", row.id());
                    item.put("title", row.title());
                    // the api-version's ActionGroupItem requires a description; WhatsApp shows none when empty
                    item.put("description", row.description() == null ? "" : row.description());
                    return item;
                }).toList());
                return group;
            }).toList());
        } else {
            OutboundContent.Interactive.Link link = (OutboundContent.Interactive.Link) action;
            kind = "whatsAppUrlAction";
            content.put("kind", "url");
            content.put("title", link.title());
            content.put("url", link.url());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", kind);
        out.put("content", content);
        return out;
    }

    private static Map<String, Object> text(String value) {
        Map<String, Object> text = new LinkedHashMap<>();
        text.put("kind", "text");
        text.put("text", value);
        return text;
    }

    /** The message id of ACS's answer: the receipt for the one recipient. */
    private static String receipt(BinaryData answer, int status) throws SendFailedException {
        SendMessageResult result = answer == null ? null : answer.toObject(SendMessageResult.class);
        if (result == null || result.getReceipts() == null) {
            throw SendFailedException.transientFailure("NO_RECEIPT", "ACS answered " + status
                    + " without a message id", null);
        }
        return result.getReceipts().stream()
                .map(MessageReceipt::getMessageId)
                .filter(id -> id != null && !id.isBlank())
                .findFirst()
                .orElseThrow(() -> SendFailedException.transientFailure("NO_RECEIPT",
                        "ACS answered " + status + " without a message id", null));
    }

    /** True when the request cannot have reached ACS: the connection or the TLS handshake failed. */
    static boolean neverSent(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException
                    || t instanceof javax.net.ssl.SSLHandshakeException
                    || t instanceof java.net.http.HttpConnectTimeoutException
                    || connectTimeout(t)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** OkHttp reports a connect timeout as a SocketTimeoutException, told from a read timeout by its message. */
    private static boolean connectTimeout(Throwable t) {
        return t instanceof java.net.SocketTimeoutException && t.getMessage() != null
                && t.getMessage().toLowerCase(java.util.Locale.ROOT).startsWith("connect timed out");
    }

    /** The SDK's content for text, media and template replies. */
    static NotificationContent toContent(OutboundMessage message) {
        List<String> to = List.of(message.recipientId());
        OutboundContent content = message.content();
        if (content instanceof OutboundContent.Text text) {
            return new TextNotificationContent(message.channelId(), to, text.text());
        }
        if (content instanceof OutboundContent.Media media) {
            MediaNotificationContent notification = new MediaNotificationContent(message.channelId(), to,
                    media.url());
            if (media.caption() != null && !media.caption().isBlank()) {
                notification.setContent(media.caption());
            }
            return notification;
        }
        OutboundContent.Template template = (OutboundContent.Template) content;
        MessageTemplate messageTemplate = new MessageTemplate(template.name(), template.language());
        if (!template.parameters().isEmpty()) {
            List<MessageTemplateValue> values = new ArrayList<>();
            List<WhatsAppMessageTemplateBindingsComponent> body = new ArrayList<>();
            for (int i = 0; i < template.parameters().size(); i++) {
                String name = "p" + (i + 1);
                values.add(new MessageTemplateText(name, template.parameters().get(i)));
                body.add(new WhatsAppMessageTemplateBindingsComponent(name));
            }
            messageTemplate.setValues(values).setBindings(new WhatsAppMessageTemplateBindings().setBody(body));
        }
        return new TemplateNotificationContent(message.channelId(), to, messageTemplate);
    }

    /** 408, 429 and 5xx are worth another try; any other refusal is final. */
    static SendFailedException classify(HttpResponseException e, Clock clock) {
        HttpResponse response = e.getResponse();
        return classify(response == null ? 0 : response.getStatusCode(),
                response == null ? null : response.getHeaders(), describe(e), e, clock);
    }

    private static SendFailedException classify(int status, HttpHeaders headers, String reason, Throwable cause,
                                                Clock clock) {
        boolean transientFailure = status == 408 || status == 429 || status >= 500 || status == 0;
        Duration retryAfter = headers == null ? null : retryAfter(headers, clock).orElse(null);
        return new SendFailedException(transientFailure, String.valueOf(status),
                reason.length() > 2000 ? reason.substring(0, 2000) : reason, retryAfter, cause);
    }

    static Optional<Duration> retryAfter(HttpHeaders headers, Clock clock) {
        for (HttpHeaderName name : List.of(RETRY_AFTER_MS, X_MS_RETRY_AFTER_MS)) {
            String ms = headers.getValue(name);
            if (ms != null) {
                try {
                    return Optional.of(Duration.ofMillis(Math.max(0, Long.parseLong(ms.trim()))));
                } catch (NumberFormatException ignored) {
                    // fall through to the next header
                }
            }
        }
        String value = headers.getValue(HttpHeaderName.RETRY_AFTER);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim()))));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = new DateTimeRfc1123(value.trim()).getDateTime().toInstant();
                Duration wait = Duration.between(clock.instant(), at);
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (RuntimeException notADate) {
                return Optional.empty();
            }
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            message = e.getClass().getSimpleName();
        }
        Throwable cause = e.getCause();
        if (cause != null && cause != e && cause.getMessage() != null && !message.contains(cause.getMessage())) {
            message = message + " (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")";
        }
        return message.length() > 2000 ? message.substring(0, 2000) : message;
    }
}
