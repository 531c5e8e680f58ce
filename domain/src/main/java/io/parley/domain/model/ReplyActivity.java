package io.parley.domain.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * What the reply guards remember of a conversation, kept with the conversation so that deciding about a message
 * needs no look back at stored messages: how many customer messages in a row had the same text (another bot
 * answering ours), and when the rules replied within the last minute (a flood).
 *
 * @param lastTextKey       a digest of the latest customer text in its keyword form, null after a message without text
 * @param sameTextInARow    how many customer messages in a row, up to the latest, had that text
 * @param recentRuleReplies when the rules queued replies here, oldest first; only those of the last
 *                          {@link #FLOOD_WINDOW}, and no more than the flood guard needs to decide
 */
public record ReplyActivity(String lastTextKey, int sameTextInARow, List<Instant> recentRuleReplies) {

    public static final ReplyActivity NONE = new ReplyActivity(null, 0, List.of());
    /** The flood guard counts rule replies within this time. */
    public static final Duration FLOOD_WINDOW = Duration.ofMinutes(1);

    public ReplyActivity {
        if (sameTextInARow < 0) {
            throw new IllegalArgumentException("sameTextInARow must not be negative");
        }
        recentRuleReplies = List.copyOf(Objects.requireNonNullElse(recentRuleReplies, List.of()));
    }

    /** After the customer wrote {@code text} (null for a message without text, which breaks a run). */
    public ReplyActivity afterCustomerText(String text) {
        if (text == null) {
            return new ReplyActivity(null, 0, recentRuleReplies);
        }
        String key = keyOf(text);
        return new ReplyActivity(key, key.equals(lastTextKey) ? sameTextInARow + 1 : 1, recentRuleReplies);
    }

    /** True when the latest {@code threshold} customer messages all had the same text. */
    public boolean looping(int threshold) {
        return lastTextKey != null && sameTextInARow >= threshold;
    }

    /** How many rule replies were queued at or after {@code since}. */
    public int ruleRepliesSince(Instant since) {
        int count = 0;
        for (Instant at : recentRuleReplies) {
            if (!at.isBefore(since)) {
                count++;
            }
        }
        return count;
    }

    /** After the rules queued a reply at {@code at}; remembers at most {@code keep} replies of the last minute. */
    public ReplyActivity afterRuleReply(Instant at, int keep) {
        Instant since = at.minus(FLOOD_WINDOW);
        List<Instant> recent = new ArrayList<>(recentRuleReplies.size() + 1);
        for (Instant earlier : recentRuleReplies) {
            if (!earlier.isBefore(since)) {
                recent.add(earlier);
            }
        }
        recent.add(at);
        int drop = Math.max(0, recent.size() - Math.max(1, keep));
        return new ReplyActivity(lastTextKey, sameTextInARow, recent.subList(drop, recent.size()));
    }

    /** Texts that are the same keyword (case, spacing and trailing punctuation aside) share a key. */
    static String keyOf(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(TextNormalizer.keyword(text).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
