package io.parley.benchmarks;

import com.google.re2j.Pattern;
import io.parley.domain.model.CompiledRuleSet;
import io.parley.domain.model.MatchType;
import io.parley.domain.model.ReplyRule;
import io.parley.domain.model.RuleInput;
import io.parley.domain.model.RuleMatch;
import io.parley.domain.model.RuleReply;
import io.parley.domain.model.TextNormalizer;
import io.parley.domain.model.TextPatterns;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * 10,000 rules (keywords, phrases, buttons, list replies, media, intents, regexes, first-message rules and one
 * fallback at the very end, so that most messages are decided late), and messages of 1 to 500 characters. Compares
 * the compiled matcher with checking the rules one by one, and measures a full rebuild.
 *
 * <p>Run: {@code mvn -q -DskipTests -pl benchmarks -am package && java -jar benchmarks/target/benchmarks.jar}
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RuleMatchingBenchmark {

    static final TextPatterns RE2 = pattern -> {
        Pattern compiled = Pattern.compile(pattern, Pattern.CASE_INSENSITIVE);
        return new TextPatterns.TextPattern() {
            @Override
            public boolean find(String text) {
                return compiled.matcher(text).find();
            }

            @Override
            public String extract(String text) {
                com.google.re2j.Matcher m = compiled.matcher(text);
                return m.find() ? (m.groupCount() > 0 && m.group(1) != null ? m.group(1) : m.group()) : null;
            }
        };
    };

    @Param({"10000"})
    int rules;

    @Param({"20"})
    int regexRules;

    List<ReplyRule> ruleList;
    CompiledRuleSet compiled;
    NaiveEvaluator naive;
    List<RuleInput> messages;
    int next;

    @Setup(Level.Trial)
    public void setUp() {
        Random random = new Random(42);
        List<String> vocabulary = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            vocabulary.add(word(random));
        }
        ruleList = new ArrayList<>();
        long id = 1;
        for (int i = 0; i < rules - 1; i++) {
            MatchType type;
            String value;
            int kind = i < regexRules ? -1 : random.nextInt(100);
            if (kind < 0) {
                type = MatchType.REGEX;
                value = vocabulary.get(random.nextInt(vocabulary.size())) + "\\s+#?\\d{3,}";
            } else if (kind < 40) {
                type = MatchType.KEYWORD;
                value = phrase(random, vocabulary, 1 + random.nextInt(3));
            } else if (kind < 80) {
                type = MatchType.CONTAINS;
                value = phrase(random, vocabulary, 1 + random.nextInt(3));
            } else if (kind < 86) {
                type = MatchType.BUTTON;
                value = "button-" + random.nextInt(100_000);
            } else if (kind < 92) {
                type = MatchType.LIST;
                value = "row-" + random.nextInt(100_000);
            } else if (kind < 95) {
                type = MatchType.MEDIA;
                value = random.nextBoolean() ? "image/" : "application/pdf";
            } else if (kind < 99) {
                type = MatchType.INTENT;
                value = phrase(random, vocabulary, 2);
            } else {
                type = MatchType.FIRST_MESSAGE;
                value = null;
            }
            ruleList.add(new ReplyRule(id++, "rule " + i, random.nextInt(1000), true, new RuleMatch(type, value),
                    RuleReply.text("reply " + i)));
        }
        ruleList.add(new ReplyRule(id, "fallback", 1_000_000, true, new RuleMatch(MatchType.ANY, null),
                RuleReply.text("Thanks!")));
        Collections.shuffle(ruleList, random);
        compiled = new CompiledRuleSet(ruleList, RE2);
        naive = new NaiveEvaluator(ruleList);
        messages = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            int length = 1 + random.nextInt(500);
            StringBuilder text = new StringBuilder();
            while (text.length() < length) {
                text.append(vocabulary.get(random.nextInt(vocabulary.size()))).append(random.nextInt(8) == 0
                        ? ", " : " ");
            }
            String message = text.substring(0, length);
            messages.add(new RuleInput(message, random.nextInt(10) == 0, random.nextInt(20) == 0
                    ? "button-" + random.nextInt(100_000) : null, null, null, null,
                    random.nextInt(4) == 0 ? phrase(random, vocabulary, 6) : null, null, null, null, null));
        }
        for (RuleInput message : messages) {
            if (!compiled.firstMatch(message).equals(naive.firstMatch(message))) {
                throw new IllegalStateException("the compiled matcher disagrees with the naive one on: "
                        + message.text());
            }
        }
    }

    private static String word(Random random) {
        int length = 3 + random.nextInt(7);
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < length; i++) {
            word.append((char) ('a' + random.nextInt(26)));
        }
        return word.toString();
    }

    private static String phrase(Random random, List<String> vocabulary, int words) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < words; i++) {
            parts.add(vocabulary.get(random.nextInt(vocabulary.size())));
        }
        return String.join(" ", parts);
    }

    private RuleInput nextMessage() {
        RuleInput message = messages.get(next);
        next = next + 1 == messages.size() ? 0 : next + 1;
        return message;
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Object compiledMatch() {
        return compiled.firstMatch(nextMessage());
    }

    /**
     * Whether the message's answer would wait for its analysis (messages of a channel that sends analyses pay this
     * before they are matched): the winner without the analysis, then the rules that need it before it.
     */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Object analysisNeed() {
        return compiled.analysisNeed(nextMessage(), rule -> true);
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Object naiveMatch() {
        return naive.firstMatch(nextMessage());
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 5)
    @Measurement(iterations = 20)
    public Object rebuild() {
        return new CompiledRuleSet(ruleList, RE2);
    }

    /**
     * The baseline: every rule checked in evaluation order, each with its own test. Rule values are normalised
     * once (any engine would), the message once per evaluation.
     */
    static final class NaiveEvaluator {

        private final List<ReplyRule> ordered;
        private final List<Object> prepared = new ArrayList<>();

        NaiveEvaluator(List<ReplyRule> rules) {
            ordered = rules.stream().filter(ReplyRule::enabled).sorted(CompiledRuleSet.EVALUATION_ORDER).toList();
            for (ReplyRule rule : ordered) {
                String value = rule.match().value();
                prepared.add(switch (rule.match().type()) {
                    case KEYWORD -> TextNormalizer.keyword(value);
                    case CONTAINS, INTENT -> TextNormalizer.words(value);
                    case REGEX -> RE2.compile(value);
                    case MEDIA, LANGUAGE -> value.toLowerCase(Locale.ROOT);
                    default -> value == null ? "" : value;
                });
            }
        }

        @SuppressWarnings("unchecked")
        java.util.Optional<ReplyRule> firstMatch(RuleInput input) {
            String keyword = input.text() == null ? null : TextNormalizer.keyword(input.text());
            List<String> words = input.text() == null ? List.of() : TextNormalizer.words(input.text());
            List<String> intent = input.intent() == null ? List.of() : TextNormalizer.words(input.intent());
            for (int i = 0; i < ordered.size(); i++) {
                ReplyRule rule = ordered.get(i);
                Object p = prepared.get(i);
                boolean match = switch (rule.match().type()) {
                    case KEYWORD -> p.equals(keyword);
                    case CONTAINS -> Collections.indexOfSubList(words, (List<String>) p) >= 0;
                    case INTENT -> Collections.indexOfSubList(intent, (List<String>) p) >= 0;
                    case REGEX -> input.text() != null && ((TextPatterns.TextPattern) p).find(input.text());
                    case BUTTON -> p.equals(input.buttonPayload());
                    case LIST -> p.equals(input.listReplyId());
                    case MEDIA -> input.mediaType() != null
                            && input.mediaType().toLowerCase(Locale.ROOT).startsWith((String) p);
                    case LANGUAGE -> input.language() != null && p.equals(input.language().toLowerCase(Locale.ROOT));
                    case FIRST_MESSAGE -> input.firstMessage();
                    case ANY -> true;
                };
                if (match && rule.conditions().failedBy(input) == null) {
                    return java.util.Optional.of(rule);
                }
            }
            return java.util.Optional.empty();
        }
    }
}
