package io.parley.domain.model;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A delivery the webhook refused, kept as it came (raw bytes, secrets removed from the headers) so that an operator
 * can see why and replay it: Event Grid does not retry a 400, so this is the only copy.
 *
 * @param id null until stored
 */
public record DeadLetter(Long id, Instant receivedAt, String reason, Map<String, String> headers, byte[] body) {

    public DeadLetter {
        Objects.requireNonNull(receivedAt, "receivedAt");
        Conversation.requireText(reason, "reason");
        headers = Map.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }
}
