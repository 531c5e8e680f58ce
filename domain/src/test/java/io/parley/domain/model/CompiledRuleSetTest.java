package io.parley.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CompiledRuleSetTest {

    private static final io.parley.domain.model.TextPatterns PATTERNS =
            new io.parley.domain.fakes.JdkTextPatternsFake();
    private static long ids;

    private static ReplyRule rule(int priority, MatchType type, String value) {
        return rule(priority, true, type, value);
    }

    private static ReplyRule rule(int priority, boolean enabled, MatchType type, String value) {
        long id = ++ids;
        return new ReplyRule(id, "rule " + id, priority, enabled, new RuleMatch(type, value),
                RuleReply.text("reply " + id));
    }

    private static Optional<Long> winner(CompiledRuleSet rules, String text) {
        return rules.firstMatch(new RuleInput(text, false)).map(ReplyRule::id);
    }

    @Test
    void keywordMatchesTheWholeMessageOnly() {
        ReplyRule hours = rule(10, MatchType.KEYWORD, "hours");
        CompiledRuleSet rules = new CompiledRuleSet(List.of(hours), PATTERNS);
        assertEquals(Optional.of(hours.id()), winner(rules, "  HOURS?! "));
        assertEquals(Optional.empty(), winner(rules, "your hours"));
        assertEquals(Optional.empty(), winner(rules, null));
    }

    @Test
    void containsMatchesWholeWordsOnly() {
        ReplyRule price = rule(10, MatchType.CONTAINS, "opening hours");
        CompiledRuleSet rules = new CompiledRuleSet(List.of(price), PATTERNS);
        assertEquals(Optional.of(price.id()), winner(rules, "What are your Opening  hours, please?"));
        assertEquals(Optional.empty(), winner(rules, "reopening hours"));
        assertEquals(Optional.empty(), winner(rules, "opening hoursx"));
        assertEquals(Optional.empty(), winner(rules, "hours opening"));
    }

    @Test
    void lowerPriorityWinsAndTiesGoToTheOlderRule() {
        ReplyRule fallback = rule(100, MatchType.ANY, null);
        ReplyRule containsHello = rule(5, MatchType.CONTAINS, "hello");
        ReplyRule keywordHello = rule(5, MatchType.KEYWORD, "hello");
        CompiledRuleSet rules = new CompiledRuleSet(List.of(fallback, keywordHello, containsHello), PATTERNS);
        assertEquals(Optional.of(containsHello.id()), winner(rules, "hello"));
        assertEquals(Optional.of(containsHello.id()), winner(rules, "well hello there"));
        assertEquals(Optional.of(fallback.id()), winner(rules, "something else"));
    }

    @Test
    void disabledRulesNeverFire() {
        ReplyRule off = rule(1, false, MatchType.KEYWORD, "hi");
        ReplyRule on = rule(2, MatchType.ANY, null);
        CompiledRuleSet rules = new CompiledRuleSet(List.of(off, on), PATTERNS);
        assertEquals(Optional.of(on.id()), winner(rules, "hi"));
        assertEquals(List.of(on), rules.rules());
    }

    @Test
    void firstMessageOnlyForTheFirstMessage() {
        ReplyRule welcome = rule(1, MatchType.FIRST_MESSAGE, null);
        CompiledRuleSet rules = new CompiledRuleSet(List.of(welcome), PATTERNS);
        assertEquals(Optional.of(welcome), rules.firstMatch(new RuleInput("anything", true)));
        assertEquals(Optional.empty(), rules.firstMatch(new RuleInput("anything", false)));
    }

    @Test
    void emojiAndAccentsMatchExactly() {
        ReplyRule thumbs = rule(1, MatchType.CONTAINS, "👍🏽");
        ReplyRule cafe = rule(2, MatchType.KEYWORD, "café");
        CompiledRuleSet rules = new CompiledRuleSet(List.of(thumbs, cafe), PATTERNS);
        assertEquals(Optional.of(thumbs.id()), winner(rules, "great 👍🏽"));
        assertEquals(Optional.empty(), winner(rules, "great 👍"));
        assertEquals(Optional.of(cafe.id()), winner(rules, "CAFÉ!"));
        assertEquals(Optional.empty(), winner(rules, "cafe"));
    }

    /** The compiled matcher must agree with checking every rule in order, for any rules and any text. */
    @Test
    void agreesWithTheNaiveEvaluatorOnRandomRulesAndMessages() {
        Random random = new Random(20261121L);
        String[] vocabulary = {"hello", "hi", "price", "hours", "open", "café", "👍", "order", "status", "help",
                "STRASSE", "straße", "cancel", "refund", "now"};
        String[] ids = {"confirm", "cancel-4711", "row-1", "row-2"};
        String[] mimePrefixes = {"image/", "image/png", "application/", "video/"};
        String[] mimes = {"image/png", "IMAGE/JPEG", "application/pdf", "video/mp4", "audio/ogg"};
        for (int round = 0; round < 300; round++) {
            List<ReplyRule> rules = new ArrayList<>();
            int count = 1 + random.nextInt(40);
            for (int i = 0; i < count; i++) {
                MatchType type = switch (random.nextInt(11)) {
                    case 0 -> MatchType.ANY;
                    case 1 -> MatchType.FIRST_MESSAGE;
                    case 8 -> MatchType.BUTTON;
                    case 9 -> MatchType.LIST;
                    case 10 -> MatchType.MEDIA;
                    case 2, 3, 4 -> MatchType.KEYWORD;
                    default -> MatchType.CONTAINS;
                };
                String value = switch (type) {
                    case BUTTON, LIST -> ids[random.nextInt(ids.length)];
                    case MEDIA -> mimePrefixes[random.nextInt(mimePrefixes.length)];
                    default -> type.needsValue() ? phrase(random, vocabulary, 1 + random.nextInt(3)) : null;
                };
                rules.add(rule(random.nextInt(5), random.nextInt(6) > 0, type, value));
            }
            Collections.shuffle(rules, random);
            CompiledRuleSet compiled = new CompiledRuleSet(rules, PATTERNS);
            for (int m = 0; m < 50; m++) {
                String text = phrase(random, vocabulary, random.nextInt(6)) + (random.nextBoolean() ? "?" : "");
                RuleInput input = new RuleInput(text, random.nextInt(4) == 0,
                        random.nextBoolean() ? ids[random.nextInt(ids.length)] : null,
                        random.nextBoolean() ? ids[random.nextInt(ids.length)] : null,
                        random.nextBoolean() ? mimes[random.nextInt(mimes.length)] : null);
                assertEquals(naive(rules, input), compiled.firstMatch(input), "text '" + text + "' rules " + rules);
            }
        }
    }

    private static String phrase(Random random, String[] vocabulary, int words) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < words; i++) {
            parts.add(vocabulary[random.nextInt(vocabulary.length)]);
        }
        return String.join(random.nextBoolean() ? " " : ", ", parts);
    }

    /** Rule by rule, straight from CONTRACT.md's definitions. */
    private static Optional<ReplyRule> naive(List<ReplyRule> rules, RuleInput input) {
        return rules.stream().filter(ReplyRule::enabled).sorted(CompiledRuleSet.EVALUATION_ORDER)
                .filter(r -> switch (r.match().type()) {
                    case ANY -> true;
                    case FIRST_MESSAGE -> input.firstMessage();
                    case KEYWORD -> input.text() != null
                            && TextNormalizer.keyword(input.text()).equals(TextNormalizer.keyword(r.match().value()));
                    case CONTAINS -> input.text() != null && Collections.indexOfSubList(
                            TextNormalizer.words(input.text()), TextNormalizer.words(r.match().value())) >= 0;
                    case BUTTON -> r.match().value().equals(input.buttonPayload());
                    case LIST -> r.match().value().equals(input.listReplyId());
                    case MEDIA -> input.mediaType() != null && input.mediaType().toLowerCase(java.util.Locale.ROOT)
                            .startsWith(r.match().value().toLowerCase(java.util.Locale.ROOT));
                    default -> false;
                })
                .findFirst();
    }

    @Test
    void emptyRuleSetAnswersNothing() {
        assertTrue(new CompiledRuleSet(List.of(), PATTERNS).firstMatch(new RuleInput("hi", true)).isEmpty());
    }
}
