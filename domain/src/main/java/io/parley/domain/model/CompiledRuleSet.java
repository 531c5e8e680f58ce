package io.parley.domain.model;

import io.parley.domain.port.out.TextPatterns;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * All enabled rules compiled into one matcher, so that matching costs about the same for ten rules or ten
 * thousand: KEYWORD, BUTTON, LIST and LANGUAGE rules are hash lookups, CONTAINS phrases are indexed by their first
 * word and checked only where that word occurs, and only the few rules that must be run one by one (REGEX on RE2,
 * INTENT) are run, and only those that come before the best indexed candidate. The winner is the first rule in
 * evaluation order (ascending priority, ties by id) whose match and conditions hold and which the caller allows
 * (cooldowns). Immutable: rebuilt when the rules change.
 */
public final class CompiledRuleSet {

    /** Evaluation order: ascending priority, then creation order (ids grow with creation). */
    public static final Comparator<ReplyRule> EVALUATION_ORDER = Comparator.comparingInt(ReplyRule::priority)
            .thenComparing(r -> r.id() == null ? Long.MAX_VALUE : r.id());

    private final List<ReplyRule> ordered;
    private final Map<String, List<Integer>> keywords = new HashMap<>();
    private final Map<String, List<Phrase>> phrasesByFirstWord = new HashMap<>();
    private final Map<String, List<Integer>> buttons = new HashMap<>();
    private final Map<String, List<Integer>> listReplies = new HashMap<>();
    private final Map<String, List<Integer>> languages = new HashMap<>();
    private final List<MediaPrefix> mediaPrefixes = new ArrayList<>();
    private final List<Integer> always = new ArrayList<>();
    private final List<Integer> firstMessage = new ArrayList<>();
    private final List<Slow> slow = new ArrayList<>();

    private record Phrase(int order, String[] words) {
    }

    private record MediaPrefix(int order, String prefix) {
    }

    /** A rule that has to be run on its own: a regex, or an intent phrase. */
    private record Slow(int order, TextPatterns.TextPattern pattern, String[] intentWords) {

        boolean matches(RuleInput input) {
            if (pattern != null) {
                return input.text() != null && pattern.find(input.text());
            }
            return input.intent() != null
                    && Collections.indexOfSubList(TextNormalizer.words(input.intent()), List.of(intentWords)) >= 0;
        }
    }

    /** Why one rule did or did not answer a message (for the rules tester). */
    public record RuleTrace(ReplyRule rule, boolean matched, String reason, boolean winner) {
    }

    public CompiledRuleSet(List<ReplyRule> rules, TextPatterns patterns) {
        this.ordered = rules.stream().filter(ReplyRule::enabled).sorted(EVALUATION_ORDER).toList();
        for (int order = 0; order < ordered.size(); order++) {
            RuleMatch match = ordered.get(order).match();
            String value = match.value();
            switch (match.type()) {
                case KEYWORD -> add(keywords, TextNormalizer.keyword(value), order);
                case CONTAINS -> {
                    List<String> words = TextNormalizer.words(value);
                    phrasesByFirstWord.computeIfAbsent(words.get(0), w -> new ArrayList<>())
                            .add(new Phrase(order, words.toArray(String[]::new)));
                }
                case BUTTON -> add(buttons, value, order);
                case LIST -> add(listReplies, value, order);
                case LANGUAGE -> add(languages, value.toLowerCase(Locale.ROOT), order);
                case MEDIA -> mediaPrefixes.add(new MediaPrefix(order, value.toLowerCase(Locale.ROOT)));
                case ANY -> always.add(order);
                case FIRST_MESSAGE -> firstMessage.add(order);
                case REGEX -> slow.add(new Slow(order, patterns.compile(value), null));
                case INTENT -> slow.add(new Slow(order, null, TextNormalizer.words(value).toArray(String[]::new)));
            }
        }
    }

    private static void add(Map<String, List<Integer>> index, String key, int order) {
        index.computeIfAbsent(key, k -> new ArrayList<>()).add(order);
    }

    public static CompiledRuleSet empty() {
        return new CompiledRuleSet(List.of(), p -> {
            throw new IllegalStateException("no patterns in an empty rule set");
        });
    }

    /** The enabled rules in evaluation order. */
    public List<ReplyRule> rules() {
        return ordered;
    }

    /** The rule that answers {@code input}, if any. */
    public Optional<ReplyRule> firstMatch(RuleInput input) {
        return firstMatch(input, rule -> true);
    }

    /** The first rule that matches {@code input}, whose conditions hold and that {@code allowed} accepts. */
    public Optional<ReplyRule> firstMatch(RuleInput input, Predicate<ReplyRule> allowed) {
        BitSet candidates = indexedCandidates(input);
        int best = Integer.MAX_VALUE;
        for (int order = candidates.nextSetBit(0); order >= 0; order = candidates.nextSetBit(order + 1)) {
            if (accepts(ordered.get(order), input, allowed)) {
                best = order;
                break;
            }
        }
        for (Slow rule : slow) {
            if (rule.order >= best) {
                break; // slow rules are in evaluation order: nothing after this one can win
            }
            if (rule.matches(input) && accepts(ordered.get(rule.order), input, allowed)) {
                best = rule.order;
                break;
            }
        }
        return best == Integer.MAX_VALUE ? Optional.empty() : Optional.of(ordered.get(best));
    }

    private static boolean accepts(ReplyRule rule, RuleInput input, Predicate<ReplyRule> allowed) {
        return rule.conditions().failedBy(input) == null && allowed.test(rule);
    }

    /** Every rule whose match holds, from the indexes (not the slow rules). */
    private BitSet indexedCandidates(RuleInput input) {
        BitSet candidates = new BitSet(ordered.size());
        always.forEach(candidates::set);
        if (input.firstMessage()) {
            firstMessage.forEach(candidates::set);
        }
        setAll(candidates, buttons, input.buttonPayload() == null ? null : input.buttonPayload().strip());
        setAll(candidates, listReplies, input.listReplyId() == null ? null : input.listReplyId().strip());
        setAll(candidates, languages, input.language() == null ? null
                : input.language().strip().toLowerCase(Locale.ROOT));
        if (input.mediaType() != null) {
            String mime = input.mediaType().toLowerCase(Locale.ROOT);
            for (MediaPrefix media : mediaPrefixes) {
                if (mime.startsWith(media.prefix)) {
                    candidates.set(media.order);
                }
            }
        }
        String text = input.text();
        if (text != null && !text.isEmpty()) {
            setAll(candidates, keywords, TextNormalizer.keyword(text));
            if (!phrasesByFirstWord.isEmpty()) {
                List<String> words = TextNormalizer.words(text);
                for (int i = 0; i < words.size(); i++) {
                    List<Phrase> phrases = phrasesByFirstWord.get(words.get(i));
                    if (phrases != null) {
                        for (Phrase phrase : phrases) {
                            if (!candidates.get(phrase.order) && matchesAt(words, i, phrase.words)) {
                                candidates.set(phrase.order);
                            }
                        }
                    }
                }
            }
        }
        return candidates;
    }

    private static void setAll(BitSet candidates, Map<String, List<Integer>> index, String key) {
        if (key != null) {
            List<Integer> orders = index.get(key);
            if (orders != null) {
                orders.forEach(candidates::set);
            }
        }
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

    /** Every enabled rule, in order, with why it did or did not answer; the winner is marked. */
    public List<RuleTrace> explain(RuleInput input, Predicate<ReplyRule> allowed) {
        BitSet indexed = indexedCandidates(input);
        Map<Integer, Slow> slowByOrder = new HashMap<>();
        slow.forEach(s -> slowByOrder.put(s.order, s));
        Optional<ReplyRule> winner = firstMatch(input, allowed);
        List<RuleTrace> trace = new ArrayList<>();
        for (int order = 0; order < ordered.size(); order++) {
            ReplyRule rule = ordered.get(order);
            Slow s = slowByOrder.get(order);
            boolean matched = s != null ? s.matches(input) : indexed.get(order);
            String reason;
            if (!matched) {
                reason = "its " + rule.match().type() + " match does not hold";
            } else if (rule.conditions().failedBy(input) != null) {
                reason = "condition not met: " + rule.conditions().failedBy(input);
            } else if (!allowed.test(rule)) {
                reason = "cooling down for this customer";
            } else if (winner.isPresent() && winner.get() == rule) {
                reason = "matches: answers";
            } else {
                reason = "matches, but an earlier rule answers";
            }
            trace.add(new RuleTrace(rule, matched, reason, winner.isPresent() && winner.get() == rule));
        }
        return trace;
    }
}
