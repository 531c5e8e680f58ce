package io.parley.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** BUTTONS, LIST and URL replies: WhatsApp's limits on both sides, rendering, numbered text and typed answers. */
class InteractiveReplyTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    private static List<String> problems(RuleReply reply) {
        try {
            new ReplyRule(null, "menu", 1, true, new RuleMatch(MatchType.ANY, null), reply);
            return List.of();
        } catch (InvalidRuleException e) {
            return e.errors().stream().map(FieldError::field).toList();
        }
    }

    private static RuleReply buttons(String text, InteractiveOption... buttons) {
        return RuleReply.interactive(ReplyType.BUTTONS, text, null, InteractiveParts.buttons(List.of(buttons)));
    }

    private static RuleReply list(String buttonText, OptionSection... sections) {
        return RuleReply.interactive(ReplyType.LIST, "Pick one", null,
                InteractiveParts.list(buttonText, List.of(sections)));
    }

    private static RuleReply link(String title, String url) {
        return RuleReply.interactive(ReplyType.URL, "Track it", url, InteractiveParts.link(title));
    }

    private static String chars(int n) {
        return "x".repeat(n);
    }

    private static InteractiveOption option(String id) {
        return new InteractiveOption(id, "Title " + id);
    }

    /** The value at the limit is accepted and one more character is refused, naming {@code field}. */
    private static void limit(int max, String field, Function<String, RuleReply> reply) {
        assertEquals(List.of(), problems(reply.apply(chars(max))), field + " at " + max);
        assertEquals(List.of(field), problems(reply.apply(chars(max + 1))), field + " at " + (max + 1));
    }

    @Test
    void everyTextLimitOfAButtonsReplyOnBothSides() {
        limit(1024, "reply.text", t -> buttons(t, option("a")));
        limit(60, "reply.header", t -> RuleReply.interactive(ReplyType.BUTTONS, "Hi", null,
                InteractiveParts.buttons(List.of(option("a"))).withHeaderAndFooter(t, null)));
        limit(60, "reply.footer", t -> RuleReply.interactive(ReplyType.BUTTONS, "Hi", null,
                InteractiveParts.buttons(List.of(option("a"))).withHeaderAndFooter(null, t)));
        limit(256, "reply.buttons[1].id", t -> buttons("Hi", option("a"), new InteractiveOption(t, "B")));
        limit(20, "reply.buttons[0].title", t -> buttons("Hi", new InteractiveOption("a", t)));
    }

    @Test
    void oneToThreeButtonsWithUniqueIds() {
        assertEquals(List.of("reply.buttons"), problems(buttons("Hi")));
        assertEquals(List.of(), problems(buttons("Hi", option("a"), option("b"), option("c"))));
        assertEquals(List.of("reply.buttons[3]"), problems(buttons("Hi", option("a"), option("b"), option("c"),
                option("d"))));
        assertEquals(List.of("reply.buttons[1].id"), problems(buttons("Hi", option("a"), option(" a "))));
        assertEquals(List.of("reply.text", "reply.buttons[0].id", "reply.buttons[0].title"),
                problems(buttons(" ", new InteractiveOption(" ", null))));
    }

    @Test
    void anEmojiCountsAsOneCharacter() {
        String twenty = "\uD83C\uDF55".repeat(20); // 20 pizzas: 40 UTF-16 units
        assertEquals(List.of(), problems(buttons("Hi", new InteractiveOption("pizza", twenty))));
        assertEquals(List.of("reply.buttons[0].title"), problems(buttons("Hi",
                new InteractiveOption("pizza", twenty + "!"))));
    }

    @Test
    void everyLimitOfAListReplyOnBothSides() {
        limit(20, "reply.buttonText", t -> list(t, new OptionSection("S", option("a"))));
        limit(24, "reply.sections[0].title", t -> list("Open", new OptionSection(t, option("a"))));
        limit(200, "reply.sections[0].rows[0].id", t -> list("Open",
                new OptionSection("S", new InteractiveOption(t, "A"))));
        limit(24, "reply.sections[0].rows[0].title", t -> list("Open",
                new OptionSection("S", new InteractiveOption("a", t))));
        limit(72, "reply.sections[0].rows[0].description", t -> list("Open",
                new OptionSection("S", new InteractiveOption("a", "A", t))));
    }

    @Test
    void tenRowsInAllAndTenSectionsAtMost() {
        List<InteractiveOption> ten = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ten.add(option("r" + i));
        }
        assertEquals(List.of(), problems(list("Open", new OptionSection("A", ten.subList(0, 6)),
                new OptionSection("B", ten.subList(6, 10)))));
        assertEquals(List.of("reply.sections[1].rows[4]"), problems(list("Open",
                new OptionSection("A", ten.subList(0, 6)),
                new OptionSection("B", concat(ten.subList(6, 10), option("r10"))))));
        List<OptionSection> sections = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            sections.add(new OptionSection("S" + i, option("s" + i)));
        }
        List<String> eleven = problems(list("Open", sections.toArray(new OptionSection[0])));
        assertTrue(eleven.contains("reply.sections[10]"), eleven.toString());
        assertEquals(List.of(), problems(list("Open", sections.subList(0, 10).toArray(new OptionSection[0]))));
    }

    private static List<InteractiveOption> concat(List<InteractiveOption> rows, InteractiveOption more) {
        List<InteractiveOption> all = new ArrayList<>(rows);
        all.add(more);
        return all;
    }

    @Test
    void aListNeedsItsButtonTextRowsUniqueIdsAndSectionTitlesWhenThereAreSeveral() {
        assertEquals(List.of("reply.buttonText"), problems(list(" ", new OptionSection(null, option("a")))));
        assertEquals(List.of("reply.sections"), problems(list("Open")));
        assertEquals(List.of("reply.sections[0].rows"), problems(list("Open", new OptionSection("A", List.of()))));
        assertEquals(List.of(), problems(list("Open", new OptionSection(null, option("a")))));
        assertEquals(List.of("reply.sections[1].title"), problems(list("Open", new OptionSection("A", option("a")),
                new OptionSection("", option("b")))));
        assertEquals(List.of("reply.sections[1].rows[0].id"), problems(list("Open",
                new OptionSection("A", option("a")), new OptionSection("B", option("a")))));
    }

    @Test
    void aLinkNeedsAnHttpsAddressAndATitleOfAtMostTwenty() {
        limit(20, "reply.title", t -> link(t, "https://shop.example/track"));
        assertEquals(List.of("reply.url"), problems(link("Track", "http://shop.example/track")));
        assertEquals(List.of("reply.title", "reply.url"), problems(link(null, null)));
        assertEquals(List.of("reply.url"), problems(link("Track", "https://shop.example/{{customer.name}}")));
        assertEquals(List.of(), problems(link("Track", "https://shop.example/c/{{customer.id}}")));
    }

    @Test
    void partsThatBelongToAnotherTypeAreRefused() {
        assertEquals(List.of("reply.type"), problems(new RuleReply(ReplyType.TEXT, "Hi", null, null, null, null,
                List.of(), java.util.Map.of(), InteractiveParts.buttons(List.of(option("a"))))));
        assertEquals(List.of("reply.title"), problems(RuleReply.interactive(ReplyType.BUTTONS, "Hi", null,
                new InteractiveParts(null, null, List.of(option("a")), null, List.of(), "Open"))));
        assertEquals(List.of("reply.buttons"), problems(RuleReply.interactive(ReplyType.LIST, "Hi", null,
                new InteractiveParts(null, null, List.of(option("a")), "Open",
                        List.of(new OptionSection("S", option("b"))), null))));
        assertEquals(List.of("reply.buttons[0].description"), problems(buttons("Hi",
                new InteractiveOption("a", "A", "a description"))));
        assertEquals(List.of("reply.variants.es"), problems(new RuleReply(ReplyType.BUTTONS, "Hi", null, null, null,
                null, List.of(), java.util.Map.of("es", chars(1025)), InteractiveParts.buttons(List.of(option("a"))))));
        assertEquals(List.of("reply.buttons[0].title"), problems(buttons("Hi",
                new InteractiveOption("a", "{{customer.name}}"))));
    }

    private static final RuleReply.Context CONTEXT = new RuleReply.Context("menu please", "15551234567", "Menu", NOW,
            ZoneOffset.UTC, null);

    @Test
    void variablesAreFilledInEveryTextAndUrlEncodedInTheAddress() {
        RuleReply menu = RuleReply.interactive(ReplyType.BUTTONS, "Hello {{customer.id}}", null,
                InteractiveParts.buttons(List.of(new InteractiveOption("orders", "Orders of {{customer.id}}")))
                        .withHeaderAndFooter("{{rule.name}}", "You wrote: {{message.text}}"));
        OutboundContent.Interactive sent = (OutboundContent.Interactive) menu.render(CONTEXT).orElseThrow();
        assertEquals("Menu", sent.header());
        assertEquals("Hello 15551234567", sent.body());
        assertEquals("You wrote: menu please", sent.footer());
        assertEquals("Orders of 1555123456", ((OutboundContent.Interactive.Buttons) sent.action()).buttons().get(0)
                .title(), "cut to WhatsApp's 20 characters after the variable made it longer");

        OutboundContent.Interactive linked = (OutboundContent.Interactive) RuleReply.interactive(ReplyType.URL,
                "Your order", "https://shop.example/q?text={{message.text}}&c={{customer.id}}",
                InteractiveParts.link("Open")).render(CONTEXT).orElseThrow();
        assertEquals("https://shop.example/q?text=menu%20please&c=15551234567",
                ((OutboundContent.Interactive.Link) linked.action()).url());
    }

    @Test
    void aValueInAnAddressIsPercentEncodedAsUtf8() {
        assertEquals("a%20b%2Fc%3F%26%3D%C3%A9%F0%9F%8D%95-._~", RuleReply.percentEncoded("a b/c?&=\u00e9\uD83C\uDF55-._~"));
    }

    @Test
    void withoutInteractiveMessagesTheReplyIsNumberedText() {
        OutboundContent.Interactive menu = new OutboundContent.Interactive("Parley shop", "What can we do?",
                "Reply with a number", new OutboundContent.Interactive.Buttons(List.of(option("orders"),
                new InteractiveOption("help", "Talk to us"))));
        ChannelPolicy noInteractive = new ChannelPolicy(java.time.Duration.ofMinutes(4), java.util.Set.of(),
                java.util.Set.of()).withInteractiveMessages(false);
        assertEquals(new OutboundContent.Text("""
                *Parley shop*
                What can we do?

                1. Title orders
                2. Talk to us

                _Reply with a number_"""), noInteractive.adapt(menu));
        assertSame(menu, noInteractive.withInteractiveMessages(true).adapt(menu));

        OutboundContent.Interactive times = new OutboundContent.Interactive(null, "When?", null,
                new OutboundContent.Interactive.Choices("Times", List.of(
                        new OptionSection("Morning", new InteractiveOption("9", "9:00", "early")),
                        new OptionSection("Afternoon", new InteractiveOption("14", "14:00")))));
        assertEquals("When?\n\n*Morning*\n1. 9:00 \u2014 early\n\n*Afternoon*\n2. 14:00", times.asText().text());
        assertEquals("Track it\n\nTrack: https://shop.example/t", new OutboundContent.Interactive(null, "Track it",
                null, new OutboundContent.Interactive.Link("Track", "https://shop.example/t")).asText().text());
    }

    @Test
    void aTypedAnswerIsTheNumberIdOrTitleOfTheOfferIgnoringCaseAndPunctuation() {
        OutboundContent.Interactive menu = new OutboundContent.Interactive(null, "What can we do?", null,
                new OutboundContent.Interactive.Buttons(List.of(new InteractiveOption("orders", "My orders"),
                        new InteractiveOption("help", "Talk to us"))));
        UUID sent = UUID.randomUUID();
        Offer numbered = Offer.of(sent, menu, true, NOW).orElseThrow();
        assertEquals("help", numbered.typed(" 2 ", NOW).orElseThrow().optionId());
        assertEquals(2, numbered.typed("2", NOW).orElseThrow().number());
        assertEquals("orders", numbered.typed("ORDERS!", NOW).orElseThrow().optionId());
        assertEquals("help", numbered.typed("talk  to us.", NOW).orElseThrow().optionId());
        assertTrue(numbered.typed("3", NOW).isEmpty());
        assertTrue(numbered.typed("I want to talk to us", NOW).isEmpty());
        assertTrue(numbered.typed("2", NOW.plus(Offer.ANSWERABLE_FOR).plusSeconds(1)).isEmpty(),
                "a day later a number means nothing");
        assertTrue(numbered.typed("2", NOW).orElseThrow().typed());

        Offer tapped = Offer.of(sent, menu, false, NOW).orElseThrow();
        assertTrue(tapped.typed("2", NOW).isEmpty(), "buttons that were shown as buttons have no numbers");
        assertEquals("help", tapped.typed("Talk to us", NOW).orElseThrow().optionId());
        OfferChoice tap = tapped.tapped("help").orElseThrow();
        assertFalse(tap.typed());
        assertEquals(sent, tap.offerMessageId());
        assertTrue(tapped.tapped("unknown").isEmpty());
        assertTrue(Offer.of(sent, new OutboundContent.Interactive(null, "x", null,
                new OutboundContent.Interactive.Link("Open", "https://a.example")), true, NOW).isEmpty());
    }

    @Test
    void aChoiceCountsAsTheButtonOrListReplyItNames() {
        RuleInput typed = new RuleInput("2", false, null, null, null);
        OfferChoice button = new OfferChoice(UUID.randomUUID(), ReplyType.BUTTONS, "help", "Talk to us", 2, true);
        OfferChoice row = new OfferChoice(UUID.randomUUID(), ReplyType.LIST, "14", "14:00", 2, true);
        assertEquals("help", typed.withChoice(button).buttonPayload());
        assertEquals(null, typed.withChoice(button).listReplyId());
        assertEquals("14", typed.withChoice(row).listReplyId());
        assertSame(typed, typed.withChoice(null));
    }

    @Test
    void seededRandomRepliesNeverCrashValidationAndAlwaysRenderWithinTheLimits() {
        java.util.Random random = new java.util.Random(17);
        String[] pieces = {"", " ", "a", "\uD83C\uDF55", "{{customer.id}}", "{{nope}}", "https://x.example/",
                "http://", "\u0000", "\u00e9", "\n"};
        for (int i = 0; i < 3000; i++) {
            Function<Integer, String> text = n -> {
                if (random.nextInt(8) == 0) {
                    return null;
                }
                StringBuilder b = new StringBuilder();
                int parts = random.nextInt(n);
                for (int p = 0; p < parts; p++) {
                    b.append(random.nextInt(4) == 0 ? chars(random.nextInt(40))
                            : pieces[random.nextInt(pieces.length)]);
                }
                return b.toString();
            };
            List<InteractiveOption> options = new ArrayList<>();
            for (int o = random.nextInt(5); o > 0; o--) {
                options.add(random.nextInt(20) == 0 ? null
                        : new InteractiveOption(text.apply(6), text.apply(4), text.apply(4)));
            }
            List<OptionSection> sections = new ArrayList<>();
            for (int s = random.nextInt(3); s > 0; s--) {
                sections.add(new OptionSection(text.apply(3), options));
            }
            ReplyType type = List.of(ReplyType.BUTTONS, ReplyType.LIST, ReplyType.URL).get(random.nextInt(3));
            InteractiveParts parts = new InteractiveParts(text.apply(4), text.apply(4),
                    type == ReplyType.BUTTONS ? options : Collections.emptyList(), text.apply(3),
                    type == ReplyType.LIST ? sections : List.of(), type == ReplyType.URL ? text.apply(3) : null);
            RuleReply reply = RuleReply.interactive(type, text.apply(30), text.apply(3), parts);
            List<String> found = problems(reply);
            if (found.isEmpty()) {
                OutboundContent.Interactive sent = (OutboundContent.Interactive) reply.render(CONTEXT).orElseThrow();
                assertTrue(InteractiveParts.length(sent.body()) <= InteractiveParts.MAX_BODY);
                assertTrue(sent.header() == null || InteractiveParts.length(sent.header()) <= 60);
                for (InteractiveOption o : sent.options()) {
                    assertTrue(InteractiveParts.length(o.title()) <= 24, o.title());
                }
                assertTrue(sent.asText().text().length() <= RuleReply.MAX_TEXT_LENGTH);
            }
        }
    }

    @Test
    void contentWithoutABodyOrActionIsRefused() {
        assertThrows(RuntimeException.class, () -> new OutboundContent.Interactive(null, " ", null,
                new OutboundContent.Interactive.Buttons(List.of(option("a")))));
        assertThrows(RuntimeException.class, () -> new OutboundContent.Interactive(null, "x", null, null));
    }
}
