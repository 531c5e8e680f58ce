package io.parley.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextNormalizerTest {

    @Test
    void keywordIgnoresCaseSurroundingSpaceAndTrailingPunctuation() {
        assertEquals("opening hours", TextNormalizer.keyword("  Opening   HOURS?!  "));
        assertEquals("hello", TextNormalizer.keyword("Hello..."));
        assertEquals("¿hola", TextNormalizer.keyword("¿Hola?"));
    }

    @Test
    void foldingIsUnicodeAware() {
        assertEquals(TextNormalizer.keyword("STRASSE"), TextNormalizer.keyword("straße"));
        assertEquals(TextNormalizer.keyword("ΣΟΦΟΣ"), TextNormalizer.keyword("σοφος"));
        // composed and decomposed é are the same letter; e without accent is not
        assertEquals(TextNormalizer.keyword("caf\u00e9"), TextNormalizer.keyword("cafe\u0301"));
        assertNotEquals(TextNormalizer.keyword("café"), TextNormalizer.keyword("cafe"));
    }

    @Test
    void wordsSplitOnPunctuationAndKeepEmojiWhole() {
        assertEquals(List.of("what", "are", "your", "hours"), TextNormalizer.words("What are your hours?"));
        assertEquals(List.of("👍🏽", "thanks"), TextNormalizer.words("👍🏽thanks!"));
        assertEquals(List.of("👨‍👩‍👧", "family"), TextNormalizer.words("👨‍👩‍👧 family"));
        assertEquals(List.of("naïve", "café"), TextNormalizer.words("Naïve, café."));
        assertEquals(List.of(), TextNormalizer.words("?!  ..."));
    }

    @Test
    void emojiKeywordSurvives() {
        assertEquals("👍", TextNormalizer.keyword(" 👍 "));
    }
}
