package io.parley.benchmarks;

import io.parley.domain.model.CompiledFlow;
import io.parley.domain.model.CompiledRuleSet;
import io.parley.domain.model.Expectation;
import io.parley.domain.model.Flow;
import io.parley.domain.model.FlowAdvance;
import io.parley.domain.model.FlowRun;
import io.parley.domain.model.FlowSession;
import io.parley.domain.model.FlowStep;
import io.parley.domain.model.HttpCall;
import io.parley.domain.model.InteractiveOption;
import io.parley.domain.model.InteractiveParts;
import io.parley.domain.model.MatchType;
import io.parley.domain.model.ReplyRule;
import io.parley.domain.model.ReplyType;
import io.parley.domain.model.RuleConditions;
import io.parley.domain.model.RuleInput;
import io.parley.domain.model.RuleMatch;
import io.parley.domain.model.RuleReply;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Advancing a flow session by one customer message, as the webhook's transaction does it: the check that no rule
 * marked "interrupts flows" among 10,000 rules answers instead, then the answer parsed and validated against the
 * question (a five-digit order number by RE2, a number, a tapped option), saved, routed, and the next step's
 * message rendered or its call built; and a call's outcome routed through a branch to the last message. 100 flows,
 * each session on its own flow, answers cycled (a quarter of them invalid, so the retry path is measured too).
 *
 * <p>Run: {@code mvn -q -DskipTests -pl benchmarks -am package && java -jar benchmarks/target/benchmarks.jar
 * FlowStepBenchmark}
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FlowStepBenchmark {

    static final int FLOWS = 100;
    static final int RULES = 10_000;
    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

    List<CompiledFlow> flows;
    List<FlowSession> orderQuestions;
    List<FlowSession> menuQuestions;
    List<FlowSession> calls;
    List<String> answers;
    CompiledRuleSet rules;
    int next;

    @Setup(Level.Trial)
    public void setUp() {
        Random random = new Random(7);
        flows = new ArrayList<>();
        orderQuestions = new ArrayList<>();
        menuQuestions = new ArrayList<>();
        calls = new ArrayList<>();
        FlowRun.Turn turn = turn("hi");
        for (int i = 0; i < FLOWS; i++) {
            CompiledFlow flow = CompiledFlow.compile(flow(i).withId((long) i + 1, 1), RuleMatchingBenchmark.RE2);
            flows.add(flow);
            FlowSession menu = FlowRun.start(flow, turn).session();
            menuQuestions.add(menu);
            FlowSession order = FlowRun.answer(flow, menu, "Where is it?", "status", turn).session();
            orderQuestions.add(order);
            calls.add(FlowRun.answer(flow, order, "12345", null, turn).session());
        }
        answers = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            answers.add(random.nextInt(4) == 0 ? "no idea, sorry" : "my order is " + (10000 + random.nextInt(89999))
                    + ", thanks");
        }
        List<ReplyRule> ruleList = new ArrayList<>();
        for (int i = 0; i < RULES - 1; i++) {
            boolean interrupts = i % 500 == 0;
            ruleList.add(new ReplyRule((long) i + 1, "rule " + i, i, true, new RuleMatch(i % 2 == 0
                    ? MatchType.KEYWORD : MatchType.CONTAINS, "word" + i + (i % 3 == 0 ? " and more" : "")),
                    RuleReply.text("reply " + i), RuleConditions.NONE, null, interrupts));
        }
        ruleList.add(new ReplyRule((long) RULES, "fallback", 1_000_000, true, new RuleMatch(MatchType.ANY, null),
                RuleReply.text("Thanks!")));
        rules = new CompiledRuleSet(ruleList, RuleMatchingBenchmark.RE2);
    }

    private static FlowRun.Turn turn(String text) {
        return new FlowRun.Turn("15551234567", text, NOW, NOW.plus(Duration.ofHours(24)));
    }

    static Flow flow(int i) {
        RuleReply menu = RuleReply.interactive(ReplyType.BUTTONS, "Flow " + i + ": what would you like to do?", null,
                InteractiveParts.buttons(List.of(new InteractiveOption("status", "Where is it?"),
                        new InteractiveOption("person", "Talk to a person"))));
        return new Flow(null, "Flow " + i, 0, "menu", List.of(
                new FlowStep.Ask("menu", menu, Expectation.choice(Map.of("status", "number", "person", "person")),
                        "topic", 1, null, "person", Duration.ofMinutes(30), "bye", null),
                new FlowStep.Ask("number", RuleReply.text("Your order number, please?"),
                        Expectation.regex("\\b(\\d{5})\\b"), "order", 2, RuleReply.text("Five digits, please."),
                        "person", Duration.ofMinutes(30), "bye", "lookup"),
                new FlowStep.Http("lookup", "GET", "https://shop" + i + ".example/orders/{{flow.order}}?c={{customer.id}}",
                        Map.of("Authorization", "Bearer {{secret.SHOP}}"), null,
                        Map.of("state", "/status", "days", "/delivery/days"), Duration.ofSeconds(5), "check", "person"),
                new FlowStep.Branch("check", List.of(new FlowStep.BranchCase("state",
                        FlowStep.BranchCase.Test.EQUALS, "delivered", "delivered")), "tell"),
                new FlowStep.End("tell", RuleReply.text("Order {{flow.order}} is {{flow.state}}: {{flow.days}} more "
                        + "day(s).")),
                new FlowStep.End("delivered", RuleReply.text("Order {{flow.order}} was delivered.")),
                new FlowStep.Handoff("person", RuleReply.text("A colleague takes over.")),
                new FlowStep.End("bye", RuleReply.text("Write again any time."))));
    }

    private int nextIndex() {
        next = next + 1 == 1000 * FLOWS ? 0 : next + 1;
        return next;
    }

    /** One customer message to a waiting question: interrupt check over 10,000 rules, then the flow's step. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Object answerWithInterruptCheck() {
        int n = nextIndex();
        String answer = answers.get(n % answers.size());
        RuleInput input = new RuleInput(answer, false, null, null, null);
        if (rules.firstMatch(input, ReplyRule::interruptsFlow).isPresent()) {
            return input;
        }
        int flow = n % FLOWS;
        return FlowRun.answer(flows.get(flow), orderQuestions.get(flow), answer, null, turn(answer));
    }

    /** The flow's step alone: parse and validate the answer, save it, route, build the call or re-ask. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Object answerQuestion() {
        int n = nextIndex();
        String answer = answers.get(n % answers.size());
        int flow = n % FLOWS;
        return FlowRun.answer(flows.get(flow), orderQuestions.get(flow), answer, null, turn(answer));
    }

    /** A tapped button of a CHOICE question: route and render the next question. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Object tapAChoice() {
        int flow = nextIndex() % FLOWS;
        return FlowRun.answer(flows.get(flow), menuQuestions.get(flow), "Where is it?", "status", turn("Where is it?"));
    }

    /** A call's outcome: save the values, take the branch, render the last message. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public FlowAdvance callReturns() {
        int flow = nextIndex() % FLOWS;
        return FlowRun.called(flows.get(flow), calls.get(flow), new HttpCall.Result(200, "{}", null),
                Map.of("state", "shipped", "days", "2"), turn(null));
    }
}
