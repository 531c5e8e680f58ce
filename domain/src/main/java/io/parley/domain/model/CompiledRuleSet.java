package io.parley.domain.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * All enabled rules compiled into one matcher, so that matching costs about the same for ten rules or ten
 * thousand: KEYWORD rules are one hash lookup of the normalised message, CONTAINS phrases are indexed by their first
 * word and checked only where that word occurs, button payloads and list reply ids are hash lookups, and the result is the matching rule that comes first in evaluation
 * order (ascending priority, ties by id). Immutable: rebuilt when the rules change.
 */
public final class CompiledRuleSet {

    private static final int NONE = Integer.MAX_VALUE;

    private final List<ReplyRule> ordered;
    private final Map<String, Integer> keywords = new HashMap<>();
    private final Map<String, List<Phrase>> phrasesByFirstWord = new HashMap<>();
    private final Map<String, Integer> buttons = new HashMap<>();
    private final Map<String, Integer> listReplies = new HashMap<>();
    private final List<MediaPrefix> mediaPrefixes = new ArrayList<>();
    private final int firstAny;
    private final int firstFirstMessage;

    private record Phrase(int order, String[] words) {
    }

    private record MediaPrefix(int order, String prefix) {
    }

    /** Evaluation order: ascending priority, then creation order (ids grow with creation). */
    public static final Comparator<ReplyRule> EVALUATION_ORDER = Comparator.comparingInt(ReplyRule::priority)
            .thenComparing(r -> r.id() == null ? Long.MAX_VALUE : r.id());

    public CompiledRuleSet(List<ReplyRule> rules) {
        this.ordered = rules.stream().filter(ReplyRule::enabled).sorted(EVALUATION_ORDER).toList();
        int any = NONE;
        int first = NONE;
        for (int order = 0; order < ordered.size(); order++) {
            RuleMatch match = ordered.get(order).match();
            switch (match.type()) {
                case KEYWORD -> keywords.putIfAbsent(TextNormalizer.keyword(match.value()), order);
                case CONTAINS -> {
                    List<String> words = TextNormalizer.words(match.value());
                    phrasesByFirstWord.computeIfAbsent(words.get(0), w -> new ArrayList<>())
                            .add(new Phrase(order, words.toArray(String[]::new)));
                }
                case BUTTON -> buttons.putIfAbsent(match.value(), order);
                case LIST -> listReplies.putIfAbsent(match.value(), order);
                case MEDIA -> mediaPrefixes.add(new MediaPrefix(order, match.value().toLowerCase(Locale.ROOT)));
                case ANY -> any = Math.min(any, order);
                case FIRST_MESSAGE -> first = Math.min(first, order);
                default -> throw new IllegalArgumentException("cannot compile " + match.type() + " rules");
            }
        }
        this.firstAny = any;
        this.firstFirstMessage = first;
    }

    public static CompiledRuleSet empty() {
        return new CompiledRuleSet(List.of());
    }

    /** The enabled rules in evaluation order. */
    public List<ReplyRule> rules() {
        return ordered;
    }

    /** The rule that answers {@code input}, if any. */
    public Optional<ReplyRule> firstMatch(RuleInput input) {
        int best = firstAny;
        if (input.firstMessage()) {
            best = Math.min(best, firstFirstMessage);
        }
        best = Math.min(best, exact(buttons, input.buttonPayload()));
        best = Math.min(best, exact(listReplies, input.listReplyId()));
        if (input.mediaType() != null) {
            String mime = input.mediaType().toLowerCase(Locale.ROOT);
            for (MediaPrefix media : mediaPrefixes) {
                if (media.order >= best) {
                    break; // in evaluation order: nothing after this one can win
                }
                if (mime.startsWith(media.prefix)) {
                    best = media.order;
                    break;
                }
            }
        }
        String text = input.text();
        if (text != null && !text.isEmpty()) {
            Integer keyword = keywords.get(TextNormalizer.keyword(text));
            if (keyword != null) {
                best = Math.min(best, keyword);
            }
            if (!phrasesByFirstWord.isEmpty()) {
                best = Math.min(best, firstPhrase(TextNormalizer.words(text), best));
            }
        }
        return best == NONE ? Optional.empty() : Optional.of(ordered.get(best));
    }

    private static int exact(Map<String, Integer> index, String key) {
        if (key == null) {
            return NONE;
        }
        Integer order = index.get(key.strip());
        return order == null ? NONE : order;
    }

    private int firstPhrase(List<String> words, int bestSoFar) {
        int best = bestSoFar;
        int n = words.size();
        for (int i = 0; i < n; i++) {
            List<Phrase> candidates = phrasesByFirstWord.get(words.get(i));
            if (candidates == null) {
                continue;
            }
            for (Phrase phrase : candidates) {
                if (phrase.order >= best) {
                    break; // candidates are in evaluation order: nothing after this one can win
                }
                if (matchesAt(words, i, phrase.words)) {
                    best = phrase.order;
                    break;
                }
            }
        }
        return best;
    }

    private static boolean matchesAt(List<String> words, int start, String[] phrase) {
        if (start + phrase.length > words.size()) {
            return false;
        }
        for (int k = 1; k < phrase.length; k++) {
            if (!words.get(start + k).equals(phrase[k])) {
                return false;
            }
        }
        return true;
    }
}
