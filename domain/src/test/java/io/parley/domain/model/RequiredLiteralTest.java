package io.parley.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The regex prefilter may only skip messages that cannot match. */
class RequiredLiteralTest {

    @Test
    void takesTheLeadingLiteralOnlyWhenEveryMatchNeedsIt() {
        assertEquals("order", CompiledRuleSet.requiredLiteral("order\\s*#?\\d{4,}"));
        assertEquals("hello", CompiledRuleSet.requiredLiteral("^Hello"));
        assertEquals("colo", CompiledRuleSet.requiredLiteral("colou?r"));
        assertEquals("refun", CompiledRuleSet.requiredLiteral("refund*"));
        assertEquals("track my", CompiledRuleSet.requiredLiteral("track my (order|parcel)"));
        assertNull(CompiledRuleSet.requiredLiteral("refund|return"), "a top-level alternative");
        assertNull(CompiledRuleSet.requiredLiteral("(abc)+"), "no leading literal");
        assertNull(CompiledRuleSet.requiredLiteral("a*b"), "too short once the optional character is dropped");
        assertNull(CompiledRuleSet.requiredLiteral("\\d+ items"));
    }
}
