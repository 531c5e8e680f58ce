package io.parley.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReplyRuleTest {

    @Test
    void validRuleIsBuiltAndTrimmed() {
        ReplyRule rule = new ReplyRule(null, " Hours ", 10, true, new RuleMatch(MatchType.KEYWORD, " hours "),
                RuleReply.text("We are open 9-17."));
        assertEquals("Hours", rule.name());
        assertEquals("hours", rule.match().value());
    }

    @Test
    void everyProblemIsNamedWithItsField() {
        InvalidRuleException e = assertThrows(InvalidRuleException.class, () -> new ReplyRule(null, "", 1, true,
                new RuleMatch(MatchType.KEYWORD, "  "), new RuleReply(ReplyType.TEXT, null, null, null, null, null,
                null)));
        assertEquals(List.of("name", "match.value", "reply.text"), e.errors().stream().map(FieldError::field).toList());
    }

    @Test
    void punctuationOnlyKeywordIsRejected() {
        InvalidRuleException e = assertThrows(InvalidRuleException.class, () -> new ReplyRule(null, "x", 1, true,
                new RuleMatch(MatchType.CONTAINS, "?!"), RuleReply.text("y")));
        assertEquals("match.value", e.errors().get(0).field());
    }

    @Test
    void templateNeedsNameAndLanguage() {
        InvalidRuleException e = assertThrows(InvalidRuleException.class, () -> new ReplyRule(null, "x", 1, true,
                new RuleMatch(MatchType.ANY, null),
                new RuleReply(ReplyType.TEMPLATE, null, null, null, "", null, List.of())));
        assertEquals(List.of("reply.name", "reply.language"), e.errors().stream().map(FieldError::field).toList());
    }

    @Test
    void aScheduleThatNeverOpensAndUnknownVariablesAreRefused() {
        WeeklySchedule never = new WeeklySchedule(java.time.ZoneId.of("Europe/Berlin"), java.util.Map.of(),
                java.util.Set.of());
        InvalidRuleException e = assertThrows(InvalidRuleException.class, () -> new ReplyRule(null, "x", 1, true,
                new RuleMatch(MatchType.ANY, null), RuleReply.text("Hi {{customer.name}}"),
                new RuleConditions(never, true, null, 0, null, null), java.time.Duration.ZERO));
        assertEquals(List.of("reply.text", "conditions.schedule.openings", "conditions.inactiveDays", "cooldown"),
                e.errors().stream().map(FieldError::field).toList());
    }

    @Test
    void everyTextAndListOfAReplyHasALimitNamedWithItsField() {
        String caption = "c".repeat(RuleReply.MAX_CAPTION_LENGTH + 1);
        InvalidRuleException media = assertThrows(InvalidRuleException.class, () -> new ReplyRule(null, "x", 1, true,
                new RuleMatch(MatchType.ANY, null), new RuleReply(ReplyType.MEDIA, null,
                "https://example.com/" + "u".repeat(RuleReply.MAX_URL_LENGTH), caption, null, null, null)));
        assertEquals(List.of("reply.url", "reply.caption"), media.errors().stream().map(FieldError::field).toList());
        List<String> many = java.util.Collections.nCopies(RuleReply.MAX_TEMPLATE_PARAMETERS + 1, "p");
        InvalidRuleException template = assertThrows(InvalidRuleException.class, () -> new ReplyRule(null, "x", 1,
                true, new RuleMatch(MatchType.ANY, null), new RuleReply(ReplyType.TEMPLATE, null, null, null,
                "n".repeat(513), "l".repeat(33), many)));
        assertEquals(List.of("reply.name", "reply.language", "reply.parameters"),
                template.errors().stream().map(FieldError::field).toList());
        List<String> withNull = new java.util.ArrayList<>(List.of("a", "b"));
        withNull.add(null);
        withNull.add("x".repeat(RuleReply.MAX_TEXT_LENGTH + 1));
        InvalidRuleException parameters = assertThrows(InvalidRuleException.class, () -> new ReplyRule(null, "x",
                1, true, new RuleMatch(MatchType.ANY, null), new RuleReply(ReplyType.TEMPLATE, null, null, null,
                "order_update", "en", withNull)));
        assertEquals(List.of("reply.parameters[2]", "reply.parameters[3]"),
                parameters.errors().stream().map(FieldError::field).toList());
        java.util.Map<String, String> variants = new java.util.HashMap<>();
        variants.put("es", null);
        InvalidRuleException variant = assertThrows(InvalidRuleException.class, () -> new ReplyRule(null, "x", 1,
                true, new RuleMatch(MatchType.ANY, null), new RuleReply(ReplyType.TEXT, "hi", null, null, null, null,
                null, variants)));
        assertEquals(List.of("reply.variants.es"), variant.errors().stream().map(FieldError::field).toList());
    }

    @Test
    void theConditionsListsHaveLimitsAndNullEntriesAreNamed() {
        java.util.Set<String> many = new java.util.HashSet<>();
        for (int i = 0; i <= RuleConditions.MAX_ENTRIES; i++) {
            many.add("channel-" + i);
        }
        java.util.Set<String> withNull = new java.util.HashSet<>();
        withNull.add(null);
        InvalidRuleException e = assertThrows(InvalidRuleException.class, () -> new ReplyRule(null, "x", 1, true,
                new RuleMatch(MatchType.ANY, null), RuleReply.text("y"),
                new RuleConditions(null, null, null, null, many, withNull), null));
        assertEquals(List.of("conditions.channels", "conditions.languages"),
                e.errors().stream().map(FieldError::field).toList());
    }

    @Test
    void tooLongTextIsRejected() {
        assertThrows(InvalidRuleException.class, () -> new ReplyRule(null, "x", 1, true,
                new RuleMatch(MatchType.ANY, null), RuleReply.text("a".repeat(RuleReply.MAX_TEXT_LENGTH + 1))));
    }
}
