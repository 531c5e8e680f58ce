package io.parley.app.admin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.parley.domain.model.DeadLetter;
import io.parley.domain.port.out.DeadLetterPort;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the webhook refused, newest first. A list carries no bodies; one dead letter shows the start of its body
 * as text (when it is UTF-8), and {@code /body} streams the bytes as they were kept, a piece at a time.
 */
@Controller("/api/dead-letters")
// JDBC blocks: keep it off the Netty event loop
@ExecuteOn(TaskExecutors.BLOCKING)
class DeadLetterController {

    /** How much of a body one dead letter shows as text. */
    static final int PREVIEW = 4096;
    private static final int PIECE = 64 * 1024;

    private final DeadLetterPort deadLetters;

    DeadLetterController(DeadLetterPort deadLetters) {
        this.deadLetters = deadLetters;
    }

    /**
     * @param size     the bytes that arrived
     * @param keptSize the bytes kept (less than {@code size} for a body over PARLEY_DEAD_LETTERS_MAX_BODY)
     */
    @Serdeable
    record DeadLetterDto(long id, Instant receivedAt, String reason, Map<String, String> headers, long size,
                         long keptSize, boolean cut, @Nullable String bodyText, boolean bodyTextTruncated) {

        static DeadLetterDto of(DeadLetter.Summary d) {
            return new DeadLetterDto(d.id(), d.receivedAt(), d.reason(), d.headers(), d.size(), d.keptSize(),
                    d.cut(), null, false);
        }

        DeadLetterDto withPreview(byte[] start) {
            String text = utf8(start);
            return new DeadLetterDto(id, receivedAt, reason, headers, size, keptSize, cut, text,
                    text != null && keptSize > start.length);
        }
    }

    @Get
    List<DeadLetterDto> list(@QueryValue(defaultValue = "0") int offset,
                             @QueryValue(defaultValue = "100") int limit) {
        return deadLetters.list(Math.max(0, offset), Math.max(1, Math.min(limit, 1000))).stream()
                .map(DeadLetterDto::of)
                .toList();
    }

    @Get("/{id}")
    HttpResponse<?> get(long id) {
        return deadLetters.find(id)
                .<HttpResponse<?>>map(d -> HttpResponse.ok(DeadLetterDto.of(d).withPreview(
                        deadLetters.body(id, 0, PREVIEW))))
                .orElseGet(() -> HttpResponse.status(HttpStatus.NOT_FOUND).body(ApiErrors.of("no dead letter " + id)));
    }

    /** The body exactly as it was kept, streamed; an unknown id gets the API's JSON 404. */
    @Get(value = "/{id}/body", produces = {MediaType.APPLICATION_OCTET_STREAM, MediaType.APPLICATION_JSON})
    HttpResponse<?> body(long id) {
        return deadLetters.find(id)
                .<HttpResponse<?>>map(d -> HttpResponse.ok(new StreamedFile(new BodyStream(id),
                        MediaType.APPLICATION_OCTET_STREAM_TYPE)).contentLength(d.keptSize())
                        .contentType(MediaType.APPLICATION_OCTET_STREAM_TYPE))
                .orElseGet(() -> HttpResponse.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_JSON_TYPE)
                        .body(ApiErrors.of("no dead letter " + id)));
    }

    /** The text of the bytes when they are UTF-8 (a piece cut inside a character still counts). */
    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, completeCharacters(bytes))).toString();
        } catch (CharacterCodingException notUtf8) {
            return null;
        }
    }

    /** The length of {@code bytes} without a multi-byte character that the cut left incomplete at the end. */
    private static int completeCharacters(byte[] bytes) {
        int end = bytes.length;
        for (int back = 1; back <= 3 && end - back >= 0; back++) {
            int b = bytes[end - back] & 0xFF;
            if ((b & 0xC0) != 0x80) {
                int needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
                return needed > back ? end - back : end;
            }
        }
        return end;
    }

    /** Reads the kept body a piece at a time, so that serving it never holds more than one piece. */
    private final class BodyStream extends InputStream {
        private final long id;
        private byte[] piece = new byte[0];
        private int at;
        private long offset;
        private boolean ended;

        BodyStream(long id) {
            this.id = id;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] into, int off, int len) {
            if (at == piece.length) {
                if (ended) {
                    return -1;
                }
                piece = deadLetters.body(id, offset, PIECE);
                at = 0;
                offset += piece.length;
                ended = piece.length < PIECE;
                if (piece.length == 0) {
                    return -1;
                }
            }
            int n = Math.min(len, piece.length - at);
            System.arraycopy(piece, at, into, off, n);
            at += n;
            return n;
        }
    }
}
