package io.parley.domain.model;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A delivery the webhook refused, kept as it came (raw bytes, secrets removed from the headers) so that an operator
 * can see why and replay it: Event Grid does not retry a 400, so this is the only copy. A body longer than the
 * store keeps is cut at that length; {@code size} is always the length that arrived.
 *
 * @param id   null until stored
 * @param size the length of the body as it arrived, in bytes ({@code body} may hold less)
 */
public record DeadLetter(Long id, Instant receivedAt, String reason, Map<String, String> headers, byte[] body,
                         long size) {

    public DeadLetter {
        Objects.requireNonNull(receivedAt, "receivedAt");
        Conversation.requireText(reason, "reason");
        headers = Map.copyOf(headers);
        body = body == null ? new byte[0] : body;
        if (size < body.length) {
            throw new IllegalArgumentException("size " + size + " is less than the body kept (" + body.length + ")");
        }
    }

    /** A dead letter of a body received whole. */
    public DeadLetter(Long id, Instant receivedAt, String reason, Map<String, String> headers, byte[] body) {
        this(id, receivedAt, reason, headers, body, body == null ? 0 : body.length);
    }

    /** The same dead letter keeping at most {@code maxBytes} of its body. */
    public DeadLetter cutTo(int maxBytes) {
        if (body.length <= maxBytes) {
            return this;
        }
        return new DeadLetter(id, receivedAt, reason, headers, java.util.Arrays.copyOf(body, maxBytes), size);
    }

    /** What a list shows of a dead letter: everything but the body. */
    public record Summary(long id, Instant receivedAt, String reason, Map<String, String> headers, long size,
                          long keptSize) {

        public Summary {
            Objects.requireNonNull(receivedAt, "receivedAt");
            headers = Map.copyOf(headers);
        }

        public boolean cut() {
            return keptSize < size;
        }
    }
}
