package io.parley.domain.model;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A customer's text that only a fallback or nothing answered: what insight lists as "what customers ask that
 * nothing answers", grouped by {@link #key}. Kept with the message's id, so that it goes when the message goes.
 *
 * @param key the text's words, case folded, without punctuation: texts with the same key are grouped
 */
public record UnansweredText(UUID messageId, String channelId, Instant at, AnswerKind answer, String key,
                             String text) {

    /** Longest key kept: the grouping of longer texts looks at their beginning. */
    public static final int MAX_KEY_LENGTH = 200;
    /** Longest text kept for showing. */
    public static final int MAX_TEXT_LENGTH = 1_000;

    public UnansweredText {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(answer, "answer");
    }

    /** The entry for {@code message} on {@code channelId}, or null when it has no words to group by. */
    public static UnansweredText of(InboundMessage message, String channelId, AnswerKind answer) {
        String text = message.content().text();
        if (text == null || !"text".equals(message.content().kind())) {
            return null;
        }
        String key = String.join(" ", TextNormalizer.words(text));
        if (key.isEmpty()) {
            return null;
        }
        return new UnansweredText(message.id(), channelId, message.createdAt(), answer,
                InteractiveParts.cut(key, MAX_KEY_LENGTH), InteractiveParts.cut(text.strip(), MAX_TEXT_LENGTH));
    }
}
