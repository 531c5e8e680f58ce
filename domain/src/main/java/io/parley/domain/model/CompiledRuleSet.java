package io.parley.domain.model;

import java.util.ArrayList;
import java.util.BitSet;
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
    private final Map<String, List<Phrase>> intentPhrasesByFirstWord = new HashMap<>();
    private final Map<String, List<Integer>> buttons = new HashMap<>();
    private final Map<String, List<Integer>> listReplies = new HashMap<>();
    private final Map<String, List<Integer>> languages = new HashMap<>();
    private final List<MediaPrefix> mediaPrefixes = new ArrayList<>();
    private final List<Integer> always = new ArrayList<>();
    private final List<Integer> firstMessage = new ArrayList<>();
    private final List<Slow> slow = new ArrayList<>();
    /** The rules that need the message's analysis (LANGUAGE, INTENT, a language condition), in order. */
    private final List<Integer> analysed = new ArrayList<>();
    /** Whether any answer could depend on the analysis: rules that need it, texts per language, flows. */
    private final boolean mayNeedAnalysis;
    private int longestKeyword;

    private record Phrase(int order, String[] words) {
    }

    private record MediaPrefix(int order, String prefix) {
    }

    /**
     * A regex rule, run on its own. {@code literal} is text every match must contain (found by a conservative look
     * at the pattern), so the regex runs only on messages that contain it.
     */
    private record Slow(int order, TextPatterns.TextPattern pattern, String literal) {

        boolean matches(RuleInput input, String folded) {
            if (input.text() == null) {
                return false;
            }
            if (literal != null && !(folded == null ? TextNormalizer.fold(input.text()) : folded).contains(literal)) {
                return false;
            }
            return pattern.find(input.text());
        }
    }

    /**
     * A literal that every match of {@code regex} must contain, folded, or null when none is evident: the
     * pattern's leading run of letters, digits and spaces, when the pattern has no top-level alternative and that
     * run is not made optional by a quantifier.
     */
    static String requiredLiteral(String regex) {
        int depth = 0;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '(' || c == '[') {
                depth++;
            } else if (c == ')' || c == ']') {
                depth--;
            } else if (c == '|' && depth <= 0) {
                return null;
            }
        }
        int start = regex.startsWith("^") ? 1 : 0;
        int end = start;
        while (end < regex.length() && (Character.isLetterOrDigit(regex.charAt(end)) || regex.charAt(end) == ' ')) {
            end++;
        }
        if (end < regex.length() && "?*{".indexOf(regex.charAt(end)) >= 0) {
            end--; // the last character is optional
        }
        String literal = regex.substring(start, Math.max(start, end)).strip();
        return literal.length() < 2 ? null : TextNormalizer.fold(literal);
    }

    /** Why one rule did or did not answer a message (for the rules tester). */
    public record RuleTrace(ReplyRule rule, boolean matched, String reason, boolean winner) {
    }

    public CompiledRuleSet(List<ReplyRule> rules, TextPatterns patterns) {
        this.ordered = rules.stream().filter(ReplyRule::enabled).sorted(EVALUATION_ORDER).toList();
        for (int order = 0; order < ordered.size(); order++) {
            RuleMatch match = ordered.get(order).match();
            if (match.type() == MatchType.LANGUAGE || match.type() == MatchType.INTENT
                    || ordered.get(order).conditions().needLanguage()) {
                analysed.add(order);
            }
            String value = match.value();
            switch (match.type()) {
                case KEYWORD -> {
                    String keyword = TextNormalizer.keyword(value);
                    add(keywords, keyword, order);
                    longestKeyword = Math.max(longestKeyword, keyword.length());
                }
                case CONTAINS -> {
                    List<String> words = TextNormalizer.words(value);
                    phrasesByFirstWord.computeIfAbsent(words.get(0), w -> new ArrayList<>())
                            .add(new Phrase(order, words.toArray(String[]::new)));
                }
                case BUTTON -> add(buttons, value, order);
                case LIST -> add(listReplies, value, order);
                case LANGUAGE -> add(languages, Languages.key(value), order);
                case MEDIA -> mediaPrefixes.add(new MediaPrefix(order, value.toLowerCase(Locale.ROOT)));
                case ANY -> always.add(order);
                case FIRST_MESSAGE -> firstMessage.add(order);
                case REGEX -> slow.add(new Slow(order, patterns.compile(value), requiredLiteral(value)));
                case INTENT -> {
                    List<String> words = TextNormalizer.words(value);
                    intentPhrasesByFirstWord.computeIfAbsent(words.get(0), w -> new ArrayList<>())
                            .add(new Phrase(order, words.toArray(String[]::new)));
                }
            }
        }
        mayNeedAnalysis = !analysed.isEmpty() || ordered.stream().anyMatch(r -> !r.reply().variants().isEmpty()
                || r.reply().type() == ReplyType.FLOW);
    }

    /**
     * False when no answer of these rules can depend on the analysis (no rule needs it, none has a text per
     * language, none starts a flow): then no message need wait for it, whatever the conversation.
     */
    public boolean mayNeedAnalysis() {
        return mayNeedAnalysis;
    }

    private static void add(Map<String, List<Integer>> index, String key, int order) {
        index.computeIfAbsent(key, k -> new ArrayList<>()).add(order);
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
        int best = firstMatchOrder(input, allowed);
        return best == Integer.MAX_VALUE ? Optional.empty() : Optional.of(ordered.get(best));
    }

    /** The place in evaluation order of the rule that answers, or {@link Integer#MAX_VALUE} for none. */
    private int firstMatchOrder(RuleInput input, Predicate<ReplyRule> allowed) {
        String folded = input.text() == null ? null : TextNormalizer.fold(input.text());
        BitSet candidates = indexedCandidates(input, folded);
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
            if (rule.matches(input, folded) && accepts(ordered.get(rule.order), input, allowed)) {
                best = rule.order;
                break;
            }
        }
        return best;
    }

    /**
     * Why the message's analysis could change the answer to {@code input} (which knows no analysis yet): a rule
     * that needs it (a LANGUAGE or INTENT match, a language condition) could answer and comes before the rule that
     * answers without it, or that rule has a text per language. Empty: the answer is the same whatever the
     * analysis says, so it need not wait.
     */
    public Optional<AnalysisNeed> analysisNeed(RuleInput input, Predicate<ReplyRule> allowed) {
        if (input.text() == null || input.text().isBlank()) {
            return Optional.empty(); // only texts are analysed
        }
        int winnerOrder = firstMatchOrder(input, allowed);
        Optional<ReplyRule> winner = winnerOrder == Integer.MAX_VALUE ? Optional.empty()
                : Optional.of(ordered.get(winnerOrder));
        if (!analysed.isEmpty()) {
            int best = Math.min(winnerOrder, ordered.size());
            String folded = null;
            BitSet indexed = null;
            for (int order : analysed) {
                if (order >= best) {
                    break;
                }
                ReplyRule rule = ordered.get(order);
                MatchType type = rule.match().type();
                boolean couldMatch;
                if (type == MatchType.LANGUAGE || type == MatchType.INTENT) {
                    couldMatch = true; // any analysed text may turn out to be in that language, or of that intent
                } else {
                    if (indexed == null) {
                        folded = TextNormalizer.fold(input.text());
                        indexed = indexedCandidates(input, folded);
                    }
                    couldMatch = indexed.get(order) || slowMatches(order, input, folded);
                }
                if (couldMatch && rule.conditions().failedByAllButLanguage(input) == null && allowed.test(rule)) {
                    return Optional.of(new AnalysisNeed(rule, type == MatchType.INTENT ? AnalysisNeed.Why.INTENT
                            : type == MatchType.LANGUAGE ? AnalysisNeed.Why.LANGUAGE_MATCH
                            : AnalysisNeed.Why.LANGUAGE_CONDITION));
                }
            }
        }
        return winner.filter(w -> !w.reply().variants().isEmpty())
                .map(w -> new AnalysisNeed(w, AnalysisNeed.Why.VARIANTS));
    }

    private boolean slowMatches(int order, RuleInput input, String folded) {
        for (Slow s : slow) {
            if (s.order == order) {
                return s.matches(input, folded);
            }
        }
        return false;
    }

    /**
     * Why the answer waits for the analysis: {@code rule} needs it, by {@code why}; for {@link Why#FLOW}, the flow
     * {@code flowName} does (the flow of {@code rule}, or with {@code rule} null the flow the conversation is in).
     */
    public record AnalysisNeed(ReplyRule rule, Why why, String flowName) {

        public AnalysisNeed(ReplyRule rule, Why why) {
            this(rule, why, null);
        }

        public enum Why {
            /** An INTENT rule comes first. */
            INTENT,
            /** A LANGUAGE rule comes first. */
            LANGUAGE_MATCH,
            /** A rule that answers only in some languages comes first. */
            LANGUAGE_CONDITION,
            /** The rule that answers has a text per language. */
            VARIANTS,
            /** The flow the message goes to, or that the answering rule starts, uses the analysis. */
            FLOW
        }

        /** In words, for the tester, the replay and the log. */
        public String describe() {
            String name = "\u201c" + (rule == null ? flowName : rule.name()) + "\u201d";
            return switch (why) {
                case INTENT -> "rule " + name + " comes first and matches the intent the analysis finds";
                case LANGUAGE_MATCH -> "rule " + name + " comes first and matches the language the analysis finds";
                case LANGUAGE_CONDITION -> "rule " + name + " comes first and answers only in some languages";
                case VARIANTS -> "rule " + name + " answers with a text per language";
                case FLOW -> rule == null ? "the flow " + name + " the customer is in uses the analysis"
                        : "rule " + name + " starts the flow \u201c" + flowName + "\u201d, which uses the analysis";
            };
        }
    }

    private static boolean accepts(ReplyRule rule, RuleInput input, Predicate<ReplyRule> allowed) {
        return rule.conditions().failedBy(input) == null && allowed.test(rule);
    }

    /** Every rule whose match holds, from the indexes (not the slow rules). */
    private BitSet indexedCandidates(RuleInput input, String folded) {
        BitSet candidates = new BitSet(ordered.size());
        always.forEach(candidates::set);
        if (input.firstMessage()) {
            firstMessage.forEach(candidates::set);
        }
        setAll(candidates, buttons, input.buttonPayload() == null ? null : input.buttonPayload().strip());
        setAll(candidates, listReplies, input.listReplyId() == null ? null : input.listReplyId().strip());
        setAll(candidates, languages, input.language() == null ? null : Languages.key(input.language()));
        if (input.mediaType() != null) {
            String mime = input.mediaType().toLowerCase(Locale.ROOT);
            for (MediaPrefix media : mediaPrefixes) {
                if (mime.startsWith(media.prefix)) {
                    candidates.set(media.order);
                }
            }
        }
        if (folded != null && !folded.isEmpty()) {
            setAll(candidates, keywords, TextNormalizer.keywordOfFolded(folded, longestKeyword));
            if (!phrasesByFirstWord.isEmpty()) {
                setPhrases(candidates, phrasesByFirstWord, TextNormalizer.wordsOfFolded(folded));
            }
        }
        if (input.intent() != null && !intentPhrasesByFirstWord.isEmpty()) {
            setPhrases(candidates, intentPhrasesByFirstWord, TextNormalizer.words(input.intent()));
        }
        return candidates;
    }

    private static void setPhrases(BitSet candidates, Map<String, List<Phrase>> index, List<String> words) {
        for (int i = 0; i < words.size(); i++) {
            List<Phrase> phrases = index.get(words.get(i));
            if (phrases != null) {
                for (Phrase phrase : phrases) {
                    if (!candidates.get(phrase.order) && matchesAt(words, i, phrase.words)) {
                        candidates.set(phrase.order);
                    }
                }
            }
        }
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
        String folded = input.text() == null ? null : TextNormalizer.fold(input.text());
        BitSet indexed = indexedCandidates(input, folded);
        Map<Integer, Slow> slowByOrder = new HashMap<>();
        slow.forEach(s -> slowByOrder.put(s.order, s));
        Optional<ReplyRule> winner = firstMatch(input, allowed);
        List<RuleTrace> trace = new ArrayList<>();
        for (int order = 0; order < ordered.size(); order++) {
            ReplyRule rule = ordered.get(order);
            Slow s = slowByOrder.get(order);
            boolean matched = s != null ? s.matches(input, folded) : indexed.get(order);
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
