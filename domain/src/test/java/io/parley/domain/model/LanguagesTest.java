package io.parley.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** ACS names languages in English ("Spanish"); rules may use the name or the code, in any case. */
class LanguagesTest {

    @Test
    void aNameAndItsCodeAreTheSameLanguage() {
        assertEquals("es", Languages.key("Spanish"));
        assertEquals("es", Languages.key(" ES "));
        assertEquals("es", Languages.key("es-MX"));
        assertEquals("de", Languages.key("german"));
        assertTrue(Languages.same("Portuguese", "pt"));
        assertFalse(Languages.same("Spanish", "Portuguese"));
        assertEquals("klingon", Languages.key("Klingon"), "an unknown name stays itself, folded");
        assertTrue(Languages.same("Klingon", "KLINGON"));
    }

    @Test
    void variantsConditionsAndLanguageRulesAcceptEitherForm() {
        RuleReply reply = new RuleReply(ReplyType.TEXT, "Hello", null, null, null, null, List.of(),
                Map.of("es", "Hola", "German", "Hallo"));
        assertEquals("Hola", text(reply, "Spanish"));
        assertEquals("Hallo", text(reply, "de"));
        assertEquals("Hello", text(reply, "French"));
        RuleConditions spanishOnly = new RuleConditions(null, null, null, null, null, Set.of("Spanish"));
        RuleInput spanish = new RuleInput("hola", false).withContext("c", "x", Instant.EPOCH, null, "es", null);
        assertEquals(null, spanishOnly.failedBy(spanish));
        ReplyRule byLanguage = new ReplyRule(1L, "Spanish", 1, true, new RuleMatch(MatchType.LANGUAGE, "es"),
                RuleReply.text("Hola"));
        CompiledRuleSet rules = new CompiledRuleSet(List.of(byLanguage), new io.parley.domain.fakes
                .JdkTextPatternsFake());
        assertTrue(rules.firstMatch(new RuleInput("hola", false).withContext("c", "x", Instant.EPOCH, null,
                "Spanish", null)).isPresent());
    }

    private static String text(RuleReply reply, String language) {
        return reply.render(new RuleReply.Context("hi", "x", "r", Instant.EPOCH, ZoneOffset.UTC, language))
                .orElseThrow().summary();
    }
}
