package io.parley.domain.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.domain.fakes.InMemoryStoreFake;
import io.parley.domain.fakes.JdkTextPatternsFake;
import io.parley.domain.fakes.MutableClock;
import io.parley.domain.model.FieldError;
import io.parley.domain.model.InboundContent;
import io.parley.domain.model.InboundMessage;
import io.parley.domain.model.InvalidRuleException;
import io.parley.domain.model.MatchType;
import io.parley.domain.model.ReplyRule;
import io.parley.domain.model.ReplyType;
import io.parley.domain.model.RuleLint;
import io.parley.domain.model.RuleMatch;
import io.parley.domain.model.RuleReply;
import io.parley.domain.model.RuleVersion;
import io.parley.domain.port.in.ReplayRulesUseCase;
import io.parley.domain.port.out.ReplayQueries;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Versions, restore, import, reorder, lint and replay of rules. */
class RuleManagementTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
    private final InMemoryStoreFake store = new InMemoryStoreFake();
    private final ReplyRuleCatalog catalog = new ReplyRuleCatalog(store, new JdkTextPatternsFake());
    private final ManageReplyRulesService rules = new ManageReplyRulesService(store, store, catalog, store, clock);

    private static ReplyRule rule(String name, int priority, MatchType type, String value) {
        return new ReplyRule(null, name, priority, true, new RuleMatch(type, value), RuleReply.text(name));
    }

    @Test
    void everyChangeIsVersionedAndOldVersionsCanBeRestored() {
        ReplyRule created = rules.create(rule("hours", 10, MatchType.KEYWORD, "hours"), "ann");
        rules.replace(created.id(), rule("opening hours", 10, MatchType.KEYWORD, "opening hours"), "bob");
        rules.delete(created.id(), "carl");
        List<RuleVersion> history = rules.history(created.id());
        assertEquals(List.of("CREATED", "UPDATED", "DELETED"), history.stream().map(RuleVersion::change).toList());
        assertEquals(List.of("ann", "bob", "carl"), history.stream().map(RuleVersion::changedBy).toList());
        ReplyRule restored = rules.restore(created.id(), 1, "dora").orElseThrow();
        assertEquals("hours", restored.name());
        assertTrue(rules.get(restored.id()).isPresent(), "a deleted rule comes back");
        assertTrue(rules.restore(created.id(), 99, "dora").isEmpty());
    }

    @Test
    void importIsAllOrNothing() {
        rules.create(rule("old", 1, MatchType.ANY, null), "ann");
        InvalidRuleException e = assertThrows(InvalidRuleException.class, () -> rules.importAll(List.of(
                rule("a", 1, MatchType.KEYWORD, "a"), rule("bad", 2, MatchType.REGEX, "(unclosed")), "ann"));
        assertEquals("rules[1].match.value", e.errors().get(0).field());
        assertEquals(List.of("old"), rules.list().stream().map(ReplyRule::name).toList(), "nothing changed");
        rules.importAll(List.of(rule("a", 1, MatchType.KEYWORD, "a"), rule("b", 2, MatchType.ANY, null)), "ann");
        assertEquals(List.of("a", "b"), rules.list().stream().map(ReplyRule::name).toList());
    }

    @Test
    void reorderGivesPrioritiesInTheGivenOrder() {
        ReplyRule a = rules.create(rule("a", 1, MatchType.KEYWORD, "a"), "ann");
        ReplyRule b = rules.create(rule("b", 2, MatchType.KEYWORD, "b"), "ann");
        rules.reorder(List.of(b.id(), a.id()), "ann");
        assertEquals(List.of("b", "a"), rules.list().stream().map(ReplyRule::name).toList());
        assertEquals(List.of(10, 20), rules.list().stream().map(ReplyRule::priority).toList());
        assertThrows(IllegalArgumentException.class, () -> rules.reorder(List.of(a.id()), "ann"));
    }

    @Test
    void lintFindsShadowedAndDuplicateRules() {
        ReplyRule price = rules.create(rule("price", 1, MatchType.CONTAINS, "price"), "ann");
        ReplyRule priceList = rules.create(rule("price list", 2, MatchType.KEYWORD, "Price list?"), "ann");
        ReplyRule again = rules.create(rule("price again", 3, MatchType.CONTAINS, "PRICE"), "ann");
        ReplyRule fallback = rules.create(rule("fallback", 4, MatchType.ANY, null), "ann");
        ReplyRule late = rules.create(rule("late", 5, MatchType.KEYWORD, "late"), "ann");
        List<RuleLint.Warning> aboutPriceList = rules.lint(priceList.id());
        assertEquals("SHADOWED", aboutPriceList.get(0).kind());
        assertEquals(price.id(), aboutPriceList.get(0).byRuleId());
        assertEquals("DUPLICATE", rules.lint(again.id()).get(0).kind());
        assertEquals("SHADOWED", rules.lint(late.id()).get(0).kind());
        assertEquals(fallback.id(), rules.lint(late.id()).get(0).byRuleId());
        assertEquals(2, rules.lint(price.id()).size(), "price shadows two later rules");
    }

    @Test
    void replayReportsWhatWouldHaveBeenAnsweredDifferently() {
        rules.create(rule("fallback", 9, MatchType.ANY, null), "ann");
        UUID conversation = UUID.randomUUID();
        InboundMessage hours = new InboundMessage(UUID.randomUUID(), conversation, "e1", InboundContent.text("hours?"),
                clock.instant(), clock.instant(), null);
        InboundMessage hi = new InboundMessage(UUID.randomUUID(), conversation, "e2", InboundContent.text("hi"),
                clock.instant(), clock.instant(), null);
        ReplayQueries past = (from, to, limit) -> List.of(
                new ReplayQueries.Answered(hours, "c", "+1", true, 1L, "fallback"),
                new ReplayQueries.Answered(hi, "c", "+1", false, 1L, "fallback"));
        ReplayRulesService replay = new ReplayRulesService(past, catalog);
        ReplayRulesUseCase.Report current = replay.replay(clock.instant().minusSeconds(60), clock.instant(), null);
        assertEquals(0, current.changed());
        ReplayRulesUseCase.Report draft = replay.replay(clock.instant().minusSeconds(60), clock.instant(), List.of(
                rule("We open at 9", 1, MatchType.CONTAINS, "hours"), rule("fallback", 9, MatchType.ANY, null)));
        assertEquals(2, draft.messages());
        assertEquals(1, draft.changed());
        ReplayRulesUseCase.Difference difference = draft.differences().get(0);
        assertEquals(hours.id(), difference.messageId());
        assertEquals("fallback", difference.actualReply());
        assertEquals("We open at 9", difference.proposedReply());
        assertTrue(store.outbound.isEmpty(), "replay sends nothing");
    }

    @Test
    void aPlaceholderWithADigitOrAnythingElseParleyDoesNotFillIsRefusedWhenSaved() {
        for (String text : List.of("You said {{match.1}}", "Hello {{1}}", "{{ customer id }}", "{{flow.size}}")) {
            InvalidRuleException e = assertThrows(InvalidRuleException.class, () -> rules.create(new ReplyRule(null,
                    "x", 1, true, new RuleMatch(MatchType.ANY, null), RuleReply.text(text)), "editor"), text);
            assertEquals(List.of("reply.text"), e.errors().stream().map(FieldError::field).toList(), text);
            assertTrue(e.errors().get(0).message().startsWith("unknown variable {{"), e.errors().get(0).message());
        }
        InvalidRuleException parameter = assertThrows(InvalidRuleException.class, () -> rules.create(new ReplyRule(
                null, "x", 1, true, new RuleMatch(MatchType.ANY, null), new RuleReply(ReplyType.TEMPLATE, null,
                null, null, "order_update", "en", List.of("{{1}}"))), "editor"));
        assertEquals(List.of("reply.parameters[0]"), parameter.errors().stream().map(FieldError::field).toList());
        InvalidRuleException imported = assertThrows(InvalidRuleException.class, () -> rules.importAll(List.of(
                new ReplyRule(null, "x", 1, true, new RuleMatch(MatchType.ANY, null), RuleReply.text("{{2}}"))),
                "editor"));
        assertEquals(List.of("rules[0].reply.text"), imported.errors().stream().map(FieldError::field).toList());
        rules.create(new ReplyRule(null, "ok", 1, true, new RuleMatch(MatchType.ANY, null),
                RuleReply.text("Hi {{customer.id}}, {{ message.text }} at {{now}}")), "editor");
        // a rule stored before the check still reads (the check is the saving's, not the model's)
        new ReplyRule(7L, "old", 1, true, new RuleMatch(MatchType.ANY, null), RuleReply.text("Hello {{1}}"));
    }
}
