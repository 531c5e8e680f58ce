package io.parley.domain.model;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Flows the tests share: the order-status flow of CONTRACT.md, and pieces to build others. */
public final class Flows {

    private Flows() {
    }

    public static RuleReply text(String text) {
        return RuleReply.text(text);
    }

    public static FlowStep.Ask ask(String id, String question, Expectation expect, String save, String next) {
        return new FlowStep.Ask(id, text(question), expect, save, FlowStep.Ask.DEFAULT_RETRIES, null, null, null,
                null, next);
    }

    /** The example of CONTRACT.md: ask for a five-digit order number, look it up, tell its state. */
    public static Flow orderStatus() {
        return new Flow(null, "Order status", 0, "ask", List.of(
                new FlowStep.Ask("ask", text("Your order number?"), Expectation.regex("(\\d{5})"), "order", 2,
                        text("Five digits, please"), "human", Duration.ofMinutes(30), "bye", "lookup"),
                new FlowStep.Http("lookup", "GET", "https://shop.example/orders/{{flow.order}}", Map.of(), null,
                        Map.of("state", "/status"), Duration.ofSeconds(5), "tell", "human"),
                new FlowStep.End("tell", text("Order {{flow.order}} is {{flow.state}}.")),
                new FlowStep.Handoff("human", text("A colleague takes over.")),
                new FlowStep.End("bye", null)));
    }

    /** {@code steps} with {@code start} as the first. */
    public static Flow of(String start, FlowStep... steps) {
        return new Flow(null, "Test flow", 0, start, List.of(steps));
    }
}
