package io.parley.app.demo;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.parley.domain.model.MatchType;
import io.parley.domain.model.ReplyRule;
import io.parley.domain.model.RuleMatch;
import io.parley.domain.model.RuleReply;
import io.parley.domain.port.in.ManageReplyRulesUseCase;
import io.parley.domain.port.out.SettingsPort;
import io.parley.domain.port.out.TransactionPort;
import jakarta.inject.Singleton;
import java.util.List;
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
                rule("Greeting", 10, MatchType.KEYWORD, "hello",
                        "Hello! 👋 This is Parley's demo bot. Ask about our opening hours or prices, or say help."),
                rule("Greeting (short)", 11, MatchType.KEYWORD, "hi",
                        "Hi! 👋 Ask about our opening hours or prices, or say help."),
                rule("Opening hours", 20, MatchType.CONTAINS, "hours",
                        "We are open Monday to Friday, 9:00-17:00."),
                rule("Prices", 30, MatchType.CONTAINS, "price",
                        "Our plans start at 10 EUR a month. Reply 'help' to talk to a person."),
                rule("Help", 40, MatchType.KEYWORD, "help",
                        "A colleague will get back to you within one working day."),
                rule("Fallback", 1000, MatchType.ANY, null,
                        "Thanks for your message! We will get back to you soon."));
    }

    private static ReplyRule rule(String name, int priority, MatchType type, String value, String text) {
        return new ReplyRule(null, name, priority, true, new RuleMatch(type, value), RuleReply.text(text));
    }
}
