package io.parley.app.admin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.serde.annotation.Serdeable;
import io.parley.domain.model.DeadLetter;
import io.parley.domain.port.out.DeadLetterPort;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** What the webhook refused: newest first, with the raw body (as text when it is UTF-8, always as base64). */
@Controller("/api/dead-letters")
// JDBC blocks: keep it off the Netty event loop
@ExecuteOn(TaskExecutors.BLOCKING)
class DeadLetterController {

    private static final int PREVIEW = 4096;

    private final DeadLetterPort deadLetters;

    DeadLetterController(DeadLetterPort deadLetters) {
        this.deadLetters = deadLetters;
    }

    @Serdeable
    record DeadLetterDto(long id, Instant receivedAt, String reason, Map<String, String> headers, int size,
                         @Nullable String bodyText, boolean bodyTextTruncated, @Nullable String bodyBase64) {

        static DeadLetterDto of(DeadLetter d, boolean full) {
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(d.body())).toString();
            } catch (CharacterCodingException notUtf8) {
                text = null;
            }
            boolean truncated = !full && text != null && text.length() > PREVIEW;
            return new DeadLetterDto(d.id(), d.receivedAt(), d.reason(), d.headers(), d.body().length,
                    truncated ? text.substring(0, PREVIEW) : text, truncated,
                    full ? Base64.getEncoder().encodeToString(d.body()) : null);
        }
    }

    @Get
    List<DeadLetterDto> list(@QueryValue(defaultValue = "0") int offset,
                             @QueryValue(defaultValue = "100") int limit) {
        return deadLetters.list(Math.max(0, offset), Math.max(1, Math.min(limit, 1000))).stream()
                .map(d -> DeadLetterDto.of(d, false))
                .toList();
    }

    @Get("/{id}")
    HttpResponse<?> get(long id) {
        return deadLetters.find(id).<HttpResponse<?>>map(d -> HttpResponse.ok(DeadLetterDto.of(d, true)))
                .orElseGet(() -> HttpResponse.status(HttpStatus.NOT_FOUND).body(ApiErrors.of("no dead letter " + id)));
    }

    /** The body exactly as it was received. */
    @Get(value = "/{id}/body", produces = MediaType.APPLICATION_OCTET_STREAM)
    HttpResponse<?> body(long id) {
        return deadLetters.find(id).<HttpResponse<?>>map(d -> HttpResponse.ok(d.body()))
                .orElseGet(() -> HttpResponse.status(HttpStatus.NOT_FOUND));
    }
}
