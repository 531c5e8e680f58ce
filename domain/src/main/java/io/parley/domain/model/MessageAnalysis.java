package io.parley.domain.model;

import java.time.Instant;
import java.util.List;

/**
 * What ACS's analysis found in a customer message (AdvancedMessageAnalysisCompleted).
 *
 * @param confidence     the language detection's confidence, 0..1, or null
 * @param translation    the message translated, when the channel provided one
 * @param receivedAt     when the analysed message was received
 */
public record MessageAnalysis(String eventId, String originalMessage, String language, Double confidence,
                              String translation, String intent, List<String> keyPhrases, Instant receivedAt) {

    public MessageAnalysis {
        keyPhrases = keyPhrases == null ? List.of() : List.copyOf(keyPhrases);
    }
}
