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
import com.azure.core.http.HttpResponse;
import com.azure.core.http.rest.RequestOptions;
import com.azure.core.http.rest.Response;
import com.azure.core.util.BinaryData;
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
import java.util.List;
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
    private final Clock clock;

    AcsMessageSender(NotificationMessagesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    AcsMessageSender(NotificationMessagesClient client) {
        this(client, Clock.systemUTC());
    }

    @Override
    public String send(OutboundMessage message) throws SendFailedException {
        Instant firstSent = message.windowStartedAt() == null ? clock.instant() : message.windowStartedAt();
        RequestOptions options = new RequestOptions()
                .setHeader(REPEATABILITY_REQUEST_ID, message.id().toString())
                .setHeader(REPEATABILITY_FIRST_SENT,
                        new DateTimeRfc1123(OffsetDateTime.ofInstant(firstSent, ZoneOffset.UTC)).toString());
        try {
            Response<BinaryData> response = client.sendWithResponse(BinaryData.fromObject(toContent(message)),
                    options);
            SendMessageResult result = response.getValue().toObject(SendMessageResult.class);
            return result.getReceipts().stream()
                    .map(MessageReceipt::getMessageId)
                    .filter(id -> id != null && !id.isBlank())
                    .findFirst()
                    .orElseThrow(() -> SendFailedException.transientFailure("NO_RECEIPT",
                            "ACS answered " + response.getStatusCode() + " without a message id", null));
        } catch (HttpResponseException e) {
            throw classify(e);
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
    static SendFailedException classify(HttpResponseException e) {
        HttpResponse response = e.getResponse();
        int status = response == null ? 0 : response.getStatusCode();
        String reason = describe(e);
        boolean transientFailure = status == 408 || status == 429 || status >= 500 || status == 0;
        Duration retryAfter = response == null ? null : retryAfter(response.getHeaders()).orElse(null);
        return new SendFailedException(transientFailure, String.valueOf(status), reason, retryAfter, e);
    }

    static Optional<Duration> retryAfter(HttpHeaders headers) {
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
                Duration wait = Duration.between(Instant.now(), at);
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
