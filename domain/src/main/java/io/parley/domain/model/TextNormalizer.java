package io.parley.domain.model;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one place that decides when two texts say the same word: Unicode NFC, full case folding (so "STRASSE" meets
 * "straße"), accents kept distinct ("café" is not "cafe"), emoji kept whole (with skin tones and ZWJ sequences).
 */
public final class TextNormalizer {

    private static final int ZWJ = 0x200D;

    private TextNormalizer() {
    }

    /** NFC plus case folding. */
    public static String fold(String text) {
        if (isAscii(text)) {
            return text.toLowerCase(Locale.ROOT); // ASCII is already NFC, and folds by lower-casing
        }
        String nfc = Normalizer.normalize(text, Normalizer.Form.NFC);
        // upper then lower folds the special cases plain toLowerCase misses (ß/SS, final sigma)
        return Normalizer.normalize(nfc.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT), Normalizer.Form.NFC);
    }

    /**
     * The form a whole message takes for KEYWORD matching: folded, surrounding spaces and trailing punctuation
     * removed, inner runs of white space made one space.
     */
    public static String keyword(String text) {
        return keywordOfFolded(fold(text));
    }

    /** {@link #keyword(String)} of a text already {@link #fold folded}. */
    public static String keywordOfFolded(String alreadyFolded) {
        return keywordOfFolded(alreadyFolded, Integer.MAX_VALUE);
    }

    /**
     * {@link #keywordOfFolded(String)}, or null as soon as the result would be longer than {@code maxLength}: a long
     * message cannot equal a short keyword, so there is no point building its keyword form.
     */
    public static String keywordOfFolded(String alreadyFolded, int maxLength) {
        String folded = alreadyFolded.strip();
        int end = folded.length();
        while (end > 0) {
            int cp = folded.codePointBefore(end);
            if (isPunctuation(cp) || Character.isWhitespace(cp)) {
                end -= Character.charCount(cp);
            } else {
                break;
            }
        }
        StringBuilder collapsed = new StringBuilder(end);
        boolean space = false;
        for (int i = 0; i < end; i++) {
            char c = folded.charAt(i);
            if (Character.isWhitespace(c)) {
                space = true;
            } else {
                if (space && collapsed.length() > 0) {
                    collapsed.append(' ');
                }
                space = false;
                collapsed.append(c);
                if (collapsed.length() > maxLength) {
                    return null;
                }
            }
        }
        return collapsed.toString();
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** The words of a text for whole-word matching: runs of letters, digits and marks; each emoji is a word. */
    public static List<String> words(String text) {
        return wordsOfFolded(fold(text));
    }

    /** {@link #words(String)} of a text already {@link #fold folded}. */
    public static List<String> wordsOfFolded(String folded) {
        List<String> words = new ArrayList<>();
        int i = 0;
        int n = folded.length();
        while (i < n) {
            int cp = folded.codePointAt(i);
            if (isWordPart(cp)) {
                int start = i;
                while (i < n && isWordPart(folded.codePointAt(i))) {
                    i += Character.charCount(folded.codePointAt(i));
                }
                words.add(folded.substring(start, i));
            } else if (isSymbol(cp)) {
                int start = i;
                i += Character.charCount(cp);
                while (i < n) {
                    int next = folded.codePointAt(i);
                    if (isEmojiContinuation(next)) {
                        i += Character.charCount(next);
                    } else if (next == ZWJ && i + 1 < n && isSymbol(folded.codePointAt(i + 1))) {
                        i += 1 + Character.charCount(folded.codePointAt(i + 1));
                    } else {
                        break;
                    }
                }
                words.add(folded.substring(start, i));
            } else {
                i += Character.charCount(cp);
            }
        }
        return words;
    }

    private static boolean isWordPart(int cp) {
        if (cp < 0x80) {
            return cp >= 'a' && cp <= 'z' || cp >= '0' && cp <= '9' || cp >= 'A' && cp <= 'Z';
        }
        if (Character.isLetterOrDigit(cp)) {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK && cp != 0x20E3;
    }

    private static boolean isSymbol(int cp) {
        if (cp < 0x80) {
            return "$+<=>^`|~".indexOf(cp) >= 0;
        }
        int type = Character.getType(cp);
        return type == Character.OTHER_SYMBOL || type == Character.MATH_SYMBOL || type == Character.CURRENCY_SYMBOL
                || type == Character.MODIFIER_SYMBOL && !(cp >= 0x1F3FB && cp <= 0x1F3FF);
    }

    private static boolean isEmojiContinuation(int cp) {
        return cp == 0xFE0F || cp == 0xFE0E || cp == 0x20E3 || (cp >= 0x1F3FB && cp <= 0x1F3FF)
                || (cp >= 0xE0020 && cp <= 0xE007F);
    }

    static boolean isPunctuation(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                    Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION -> true;
            default -> false;
        };
    }
}
