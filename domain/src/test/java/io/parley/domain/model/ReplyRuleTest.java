package io.parley.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
    void typesNotYetAvailableAreRefusedWithAReason() {
        InvalidRuleException e = assertThrows(InvalidRuleException.class, () -> new ReplyRule(null, "x", 1, true,
                new RuleMatch(MatchType.REGEX, "a+"), RuleReply.text("y")));
        assertEquals("match.type", e.errors().get(0).field());
    }

    @Test
    void tooLongTextIsRejected() {
        assertThrows(InvalidRuleException.class, () -> new ReplyRule(null, "x", 1, true,
                new RuleMatch(MatchType.ANY, null), RuleReply.text("a".repeat(RuleReply.MAX_TEXT_LENGTH + 1))));
    }
}
