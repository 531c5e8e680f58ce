package io.parley.app.demo;

import io.micronaut.context.annotation.Requires;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.parley.domain.model.Expectation;
import io.parley.domain.model.Flow;
import io.parley.domain.model.FlowStep;
import io.parley.domain.model.InteractiveOption;
import io.parley.domain.model.InteractiveParts;
import io.parley.domain.model.MatchType;
import io.parley.domain.model.ReplyRule;
import io.parley.domain.model.ReplyType;
import io.parley.domain.model.RuleConditions;
import io.parley.domain.model.RuleMatch;
import io.parley.domain.model.RuleReply;
import io.parley.domain.port.in.ManageFlowsUseCase;
import io.parley.domain.port.in.ManageReplyRulesUseCase;
import io.parley.domain.port.out.SettingsPort;
import io.parley.domain.port.out.TransactionPort;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a new demo a conversation flow that shows the point: a buttons menu, then the order number asked, checked
 * and looked up in the demo shop ({@link DemoShopController}, served by Parley itself), and the answer told with
 * what the shop said. Started by the rules it seeds with it ("order", "refund", the menu's "Track an order").
 * Seeded once per database, after the server has its port (the shop's address names it).
 */
@Singleton
@Requires(condition = DemoModeCondition.class)
@Requires(property = "parley.demo.seed-rules", notEquals = "false")
class DemoFlowSeeder {

    static final String SEEDED = "demo.flows-seeded";
    private static final Logger LOG = LoggerFactory.getLogger(DemoFlowSeeder.class);

    private final ManageFlowsUseCase flows;
    private final ManageReplyRulesUseCase rules;
    private final SettingsPort settings;
    private final TransactionPort transactions;

    DemoFlowSeeder(ManageFlowsUseCase flows, ManageReplyRulesUseCase rules, SettingsPort settings,
                   TransactionPort transactions) {
        this.flows = flows;
        this.rules = rules;
        this.settings = settings;
        this.transactions = transactions;
    }

    @EventListener
    void seed(ServerStartupEvent event) {
        boolean first = transactions.inTransaction(() -> settings.putIfAbsent(SEEDED, "true"));
        if (!first) {
            return;
        }
        Flow flow = flows.create(orderHelp("http://127.0.0.1:" + event.getSource().getPort()), "demo");
        List<ReplyRule> starters = List.of(
                starter("Order help", 36, MatchType.CONTAINS, "order", flow.id()),
                starter("Refund", 37, MatchType.CONTAINS, "refund", flow.id()),
                // "where is my parcel", "¿dónde está mi paquete?": no keyword, but the analysis knows
                starter("Order help (by intent)", 38, MatchType.INTENT, "order status", flow.id()),
                starter("Refund (by intent)", 39, MatchType.INTENT, "refund request", flow.id()),
                new ReplyRule(null, "Talk to a person (leaves a flow)", 5, true, new RuleMatch(MatchType.KEYWORD,
                        "agent"), new RuleReply(ReplyType.HANDOFF, "A colleague will take over here shortly.", null,
                        null, null, null, List.of()), RuleConditions.NONE, null, true));
        starters.forEach(rules::create);
        LOG.info("demo mode: seeded the flow \u201c{}\u201d (GET /api/flows/{}) and {} rules that start it; "
                + "write \u201cwhere is my order\u201d, or \u201cd\u00f3nde est\u00e1 mi paquete\u201d, on the "
                + "customer phone", flow.name(), flow.id(), starters.size());
    }

    private static ReplyRule starter(String name, int priority, MatchType type, String value, long flowId) {
        return new ReplyRule(null, name, priority, true, new RuleMatch(type, value), RuleReply.flow(flowId));
    }

    private static RuleReply text(String text) {
        return RuleReply.text(text);
    }

    static Flow orderHelp(String parley) {
        RuleReply menu = RuleReply.interactive(ReplyType.BUTTONS, "Happy to help with your order. What would you "
                + "like to do?", null, InteractiveParts.buttons(List.of(
                        new InteractiveOption("status", "Where is it?"),
                        new InteractiveOption("return", "Return an item"),
                        new InteractiveOption("person", "Talk to a person")))
                .withHeaderAndFooter("Parley demo shop", "Type agent at any time for a person"));
        RuleReply happy = RuleReply.interactive(ReplyType.BUTTONS, "Order {{flow.order}} ({{flow.item}}) was "
                + "delivered. Is everything all right with it?", null, InteractiveParts.buttons(List.of(
                        new InteractiveOption("fine", "All good"), new InteractiveOption("problem", "Not really"))));
        return new Flow(null, "Order help", 0, "menu", List.of(
                new FlowStep.Ask("menu", menu, Expectation.choice(Map.of("status", "number", "return", "returns",
                        "person", "person")), "topic", 1, text("Please tap one of the buttons."), "person",
                        Duration.ofMinutes(30), "bye", null),
                new FlowStep.Ask("number", text("What is your order number? It has five digits, e.g. 12345."),
                        Expectation.regex("\\b(\\d{5})\\b"), "order", 2,
                        text("That does not look like an order number: five digits, please (e.g. 12345)."),
                        "person", Duration.ofMinutes(30), "bye", "lookup"),
                new FlowStep.Http("lookup", "GET", parley + "/demo/shop/orders/{{flow.order}}", Map.of(), null,
                        Map.of("state", "/status", "item", "/item", "days", "/delivery/days"),
                        Duration.ofSeconds(5), "check", "unknown"),
                new FlowStep.Branch("check", List.of(new FlowStep.BranchCase("state",
                        FlowStep.BranchCase.Test.EQUALS, "delivered", "delivered")), "tell"),
                new FlowStep.End("tell", text("Order {{flow.order}} ({{flow.item}}) is {{flow.state}}: about "
                        + "{{flow.days}} more day(s). Anything else? Say hello.")),
                new FlowStep.Ask("delivered", happy, Expectation.choice(Map.of("fine", "glad", "problem",
                        "person")), "feedback", 1, null, "person", Duration.ofMinutes(30), "bye", null),
                new FlowStep.End("glad", text("Glad to hear it. Enjoy!")),
                new FlowStep.Message("unknown", text("I could not find order {{flow.order}}."), "number"),
                new FlowStep.End("returns", text("You can return any item within 30 days: reply with the order "
                        + "number and the word return, and we send you a label.")),
                new FlowStep.Handoff("person", text("A colleague will take over here shortly.")),
                new FlowStep.End("bye", text("No problem. Write again any time."))));
    }
}
