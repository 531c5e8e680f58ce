package io.parley.app.demo;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.parley.domain.model.InteractiveOption;
import io.parley.domain.model.InteractiveParts;
import io.parley.domain.model.MatchType;
import io.parley.domain.model.OptionSection;
import io.parley.domain.model.ReplyRule;
import io.parley.domain.model.ReplyType;
import io.parley.domain.model.RuleMatch;
import io.parley.domain.model.RuleReply;
import io.parley.domain.port.in.ManageReplyRulesUseCase;
import io.parley.domain.port.out.SettingsPort;
import io.parley.domain.port.out.TransactionPort;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a new demo something to answer with. Seeds once per database (remembered in a setting), so rules a user
 * deleted do not come back at the next start.
 */
@Singleton
@Requires(condition = DemoModeCondition.class)
@Requires(property = "parley.demo.seed-rules", notEquals = "false")
class DemoRuleSeeder {

    static final String SEEDED = "demo.rules-seeded";
    private static final Logger LOG = LoggerFactory.getLogger(DemoRuleSeeder.class);

    private final ManageReplyRulesUseCase rules;
    private final SettingsPort settings;
    private final TransactionPort transactions;

    DemoRuleSeeder(ManageReplyRulesUseCase rules, SettingsPort settings, TransactionPort transactions) {
        this.rules = rules;
        this.settings = settings;
        this.transactions = transactions;
    }

    @EventListener
    void seed(StartupEvent event) {
        int seeded = transactions.inTransaction(() -> {
            if (!settings.putIfAbsent(SEEDED, "true")) {
                return 0;
            }
            List<ReplyRule> seeds = seeds();
            seeds.forEach(rules::create);
            return seeds.size();
        });
        if (seeded > 0) {
            LOG.info("demo mode: seeded {} example rules (see GET /api/rules)", seeded);
        }
    }

    private static List<ReplyRule> seeds() {
        return List.of(
                new ReplyRule(null, "Greeting", 10, true, new RuleMatch(MatchType.KEYWORD, "hello"),
                        RuleReply.interactive(ReplyType.BUTTONS, "Hello! \uD83D\uDC4B This is Parley's demo bot. "
                                + "What can we do for you?", null, InteractiveParts.buttons(List.of(
                                        new InteractiveOption("hours", "Opening hours"),
                                        new InteractiveOption("prices", "Prices"),
                                        new InteractiveOption("help", "Talk to a person")))
                                .withHeaderAndFooter("Parley demo shop", "Or type menu for everything"))),
                new ReplyRule(null, "Greeting (short)", 11, true, new RuleMatch(MatchType.KEYWORD, "hi"),
                        RuleReply.interactive(ReplyType.BUTTONS, "Hi! \uD83D\uDC4B What can we do for you?", null,
                                InteractiveParts.buttons(List.of(new InteractiveOption("hours", "Opening hours"),
                                        new InteractiveOption("prices", "Prices"),
                                        new InteractiveOption("help", "Talk to a person"))))),
                new ReplyRule(null, "Menu", 12, true, new RuleMatch(MatchType.KEYWORD, "menu"),
                        RuleReply.interactive(ReplyType.LIST, "Everything we can help with:", null,
                                InteractiveParts.list("See the menu", List.of(
                                        new OptionSection("Shop", new InteractiveOption("hours", "Opening hours",
                                                "When we are open"), new InteractiveOption("prices", "Prices",
                                                "Plans and what they cost"), new InteractiveOption("track",
                                                "Track an order", "Where your parcel is")),
                                        new OptionSection("Support", new InteractiveOption("help",
                                                "Talk to a person", "A colleague writes back")))))),
                rule("Opening hours", 20, MatchType.CONTAINS, "hours",
                        "We are open Monday to Friday, 9:00-17:00."),
                rule("Opening hours (button)", 21, MatchType.BUTTON, "hours",
                        "We are open Monday to Friday, 9:00-17:00."),
                rule("Opening hours (menu)", 22, MatchType.LIST, "hours",
                        "We are open Monday to Friday, 9:00-17:00."),
                rule("Prices", 30, MatchType.CONTAINS, "price",
                        "Our plans start at 10 EUR a month. Reply 'help' to talk to a person."),
                rule("Prices (button)", 31, MatchType.BUTTON, "prices",
                        "Our plans start at 10 EUR a month. Reply 'help' to talk to a person."),
                rule("Prices (menu)", 32, MatchType.LIST, "prices",
                        "Our plans start at 10 EUR a month. Reply 'help' to talk to a person."),
                new ReplyRule(null, "Track an order", 35, true, new RuleMatch(MatchType.LIST, "track"),
                        RuleReply.interactive(ReplyType.URL, "Follow your parcel on our tracking page.",
                                "https://example.com/track?customer={{customer.id}}",
                                InteractiveParts.link("Track my order"))),
                rule("Help", 40, MatchType.KEYWORD, "help",
                        "A colleague will get back to you within one working day."),
                rule("Help (button)", 41, MatchType.BUTTON, "help",
                        "A colleague will get back to you within one working day."),
                rule("Help (menu)", 42, MatchType.LIST, "help",
                        "A colleague will get back to you within one working day."),
                // a text per language: the answer waits for the message's analysis to know which
                new ReplyRule(null, "Fallback", 1000, true, new RuleMatch(MatchType.ANY, null),
                        new RuleReply(ReplyType.TEXT, "Thanks for your message! We will get back to you soon. Say "
                                + "hello or menu to see what we can do.", null, null, null, null, List.of(), Map.of(
                                "Spanish", "\u00a1Gracias por tu mensaje! Te responderemos pronto. Escribe menu "
                                        + "para ver en qu\u00e9 podemos ayudarte.",
                                "German", "Danke f\u00fcr deine Nachricht! Wir melden uns bald. Schreib menu, um "
                                        + "zu sehen, wobei wir helfen k\u00f6nnen.",
                                "French", "Merci pour votre message\u00a0! Nous vous r\u00e9pondons bient\u00f4t. "
                                        + "\u00c9crivez menu pour voir ce que nous proposons."))));
    }

    private static ReplyRule rule(String name, int priority, MatchType type, String value, String text) {
        return new ReplyRule(null, name, priority, true, new RuleMatch(type, value), RuleReply.text(text));
    }
}
