package io.parley.domain.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The words a customer opts out with (and in again), and what Parley answers each. Only the whole message counts:
 * "stop" opts out, "stop sending me the wrong size" does not; case and punctuation around the word are ignored
 * ("Stop!", "¡BAJA!"), accents are not ("ARRÊT" and "ARRET" are two keywords, both in the default list).
 */
public final class ConsentPolicy {

    public static final List<String> DEFAULT_OPT_OUT = List.of("STOP", "STOPP", "UNSUBSCRIBE", "ARRET", "ARRÊT",
            "BAJA", "CANCELAR", "PARAR", "ABMELDEN");
    public static final List<String> DEFAULT_OPT_IN = List.of("START", "SUBSCRIBE", "UNSTOP", "ALTA");
    public static final String DEFAULT_OPT_OUT_REPLY = "You will get no more messages from us here. "
            + "Write START to hear from us again.";
    public static final String DEFAULT_OPT_IN_REPLY = "Welcome back: you will get our messages here again. "
            + "Write STOP to stop them.";
    public static final int MAX_KEYWORDS = 50;
    public static final int MAX_KEYWORD_LENGTH = 64;

    public static final ConsentPolicy DEFAULT = new ConsentPolicy(DEFAULT_OPT_OUT, DEFAULT_OPT_IN,
            DEFAULT_OPT_OUT_REPLY, DEFAULT_OPT_IN_REPLY);

    /** Whether a message opts out or in. */
    public enum Kind { OPT_OUT, OPT_IN }

    /** What a message said: which kind, with the keyword as configured. */
    public record Match(Kind kind, String keyword) {
    }

    private final Map<String, Match> byKeyword = new LinkedHashMap<>();
    private final String optOutReply;
    private final String optInReply;

    /**
     * @throws IllegalArgumentException for an empty or too long keyword, too many, or a word in both lists
     */
    public ConsentPolicy(List<String> optOut, List<String> optIn, String optOutReply, String optInReply) {
        if (optOut.size() + optIn.size() > MAX_KEYWORDS) {
            throw new IllegalArgumentException("at most " + MAX_KEYWORDS + " opt-out and opt-in keywords in all");
        }
        add(optOut, Kind.OPT_OUT);
        add(optIn, Kind.OPT_IN);
        this.optOutReply = Objects.requireNonNull(optOutReply, "optOutReply");
        this.optInReply = Objects.requireNonNull(optInReply, "optInReply");
    }

    private void add(List<String> keywords, Kind kind) {
        for (String keyword : keywords) {
            String key = keyOf(keyword);
            if (key.isEmpty() || key.length() > MAX_KEYWORD_LENGTH) {
                throw new IllegalArgumentException("a consent keyword must have 1 to " + MAX_KEYWORD_LENGTH
                        + " characters, not \"" + keyword + "\"");
            }
            Match earlier = byKeyword.putIfAbsent(key, new Match(kind, keyword.strip()));
            if (earlier != null && earlier.kind() != kind) {
                throw new IllegalArgumentException("\"" + keyword + "\" cannot both opt out and opt in");
            }
        }
    }

    /** What {@code text} says when it is nothing but one of the keywords; empty for anything else. */
    public Optional<Match> match(String text) {
        if (text == null || text.isEmpty() || text.length() > 4 * MAX_KEYWORD_LENGTH) {
            return Optional.empty();
        }
        return Optional.ofNullable(byKeyword.get(keyOf(text)));
    }

    /** The confirmation a customer gets for {@code kind}. */
    public String reply(Kind kind) {
        return kind == Kind.OPT_OUT ? optOutReply : optInReply;
    }

    public List<String> keywords(Kind kind) {
        return byKeyword.values().stream().filter(m -> m.kind() == kind).map(Match::keyword).toList();
    }

    /** The keyword form, with leading punctuation dropped too ("¡Baja!" is "baja"). */
    private static String keyOf(String text) {
        String key = TextNormalizer.keyword(text);
        int start = 0;
        while (start < key.length()) {
            int cp = key.codePointAt(start);
            if (!TextNormalizer.isPunctuation(cp) && !Character.isWhitespace(cp)) {
                break;
            }
            start += Character.charCount(cp);
        }
        return key.substring(start);
    }
}
