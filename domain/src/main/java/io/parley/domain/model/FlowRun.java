package io.parley.domain.model;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;

/**
 * The flow engine: plain functions from (flow, session, what happened, now) to a {@link FlowAdvance}. It runs steps
 * until one waits (an ASK for the customer, an HTTP step for the call) or the flow ends; it sends nothing, stores
 * nothing and calls nothing itself, so the same code answers customers and runs the tester.
 */
public final class FlowRun {

    /** No flow needs more steps between two waits; more means a loop the save-time check could not see. */
    public static final int MAX_STEPS_PER_TURN = 50;

    /**
     * Whom and when a turn is for.
     *
     * @param customerText the customer's message that led to the turn ({@code {{message.text}}}), or null
     * @param windowEnd    when the customer service window closes: a waiting session expires then at the latest
     * @param analysis     what the analysis found in that message ({@code {{analysis.*}}}, branches on
     *                     {@code analysis.intent} and the like), or null
     */
    public record Turn(String customerId, String customerText, Instant now, Instant windowEnd,
                       MessageAnalysis analysis) {
        public Turn {
            Objects.requireNonNull(now, "now");
        }

        public Turn(String customerId, String customerText, Instant now, Instant windowEnd) {
            this(customerId, customerText, now, windowEnd, null);
        }
    }

    private final CompiledFlow compiled;
    private final Turn turn;
    private final Map<String, String> variables;
    private final Instant startedAt;
    private final List<FlowAdvance.Sent> sent = new ArrayList<>();
    private final List<FlowAdvance.Trace> trace = new ArrayList<>();
    private final List<FlowAdvance.Step> steps = new ArrayList<>();

    private FlowRun(CompiledFlow compiled, Turn turn, Map<String, String> variables, Instant startedAt) {
        this.compiled = compiled;
        this.turn = turn;
        this.variables = new LinkedHashMap<>(variables);
        this.startedAt = startedAt;
    }

    /** Starts {@code flow} at its first step. */
    public static FlowAdvance start(CompiledFlow flow, Turn turn) {
        FlowRun run = new FlowRun(flow, turn, Map.of(), turn.now());
        run.trace(flow.flow().start(), "flow \u201c" + flow.flow().name() + "\u201d"
                + (flow.flow().version() > 0 ? " (version " + flow.flow().version() + ")" : "") + " starts");
        return run.from(flow.flow().start());
    }

    /** The customer answered the question {@code session} waits at: with {@code text}, or by picking an option. */
    public static FlowAdvance answer(CompiledFlow flow, FlowSession session, String text, String optionId,
                                     Turn turn) {
        FlowRun run = new FlowRun(flow, turn, session.variables(), session.startedAt());
        return run.answer(session, text, optionId);
    }

    /** The question's time passed without an answer. */
    public static FlowAdvance timeout(CompiledFlow flow, FlowSession session, Turn turn) {
        FlowRun run = new FlowRun(flow, turn, session.variables(), session.startedAt());
        FlowStep step = flow.flow().step(session.step());
        if (!(step instanceof FlowStep.Ask ask)) {
            return run.ended(FlowAdvance.Ending.GONE, session.step(), "the step is not in this flow version");
        }
        run.step(ask.id(), FlowAdvance.StepEvent.TIMED_OUT);
        if (ask.onTimeout() == null) {
            return run.ended(FlowAdvance.Ending.TIMED_OUT, ask.id(), "no answer in time; the flow ends");
        }
        run.trace(ask.id(), "no answer in time \u2192 " + ask.onTimeout());
        return run.carryPending(session, run.from(ask.onTimeout()));
    }

    /**
     * The HTTP step's call came back: a 2xx saves {@code saved} (the values its JSON Pointers found) and goes on, a
     * failure goes to the step's {@code onError}. Answers that came while the call was in flight are answered now.
     */
    public static FlowAdvance called(CompiledFlow flow, FlowSession session, HttpCall.Result result,
                                     Map<String, String> saved, Turn turn) {
        FlowRun run = new FlowRun(flow, turn, session.variables(), session.startedAt());
        FlowStep step = flow.flow().step(session.step());
        if (!(step instanceof FlowStep.Http http)) {
            return run.ended(FlowAdvance.Ending.GONE, session.step(), "the step is not in this flow version");
        }
        FlowAdvance advance;
        if (result.succeeded()) {
            saved.forEach(run::save);
            run.trace(http.id(), "the call " + result.describe() + (saved.isEmpty() ? "" : "; saved "
                    + String.join(", ", saved.keySet())) + (http.next() == null ? "" : " \u2192 " + http.next()));
            advance = run.from(http.next());
        } else if (http.onError() != null) {
            run.trace(http.id(), "the call failed (" + result.describe() + ") \u2192 " + http.onError());
            advance = run.from(http.onError());
        } else {
            advance = run.ended(FlowAdvance.Ending.CALL_FAILED, http.id(), "the call failed ("
                    + result.describe() + "); the flow ends");
        }
        return run.carryPending(session, advance);
    }

    /** Ends {@code session} from outside (a person, an interrupting rule, the window): nothing is sent. */
    public static FlowAdvance end(FlowSession session, FlowAdvance.Ending ending, String why) {
        return new FlowAdvance(session.flowId(), null, List.of(), null, ending,
                List.of(new FlowAdvance.Trace(session.step(), why)),
                ending.completes() ? List.of() : List.of(new FlowAdvance.Step(session.step(),
                        FlowAdvance.StepEvent.LEFT)));
    }

    /** Answers the messages that waited for a call, one after the other, while the flow asks. */
    private FlowAdvance carryPending(FlowSession earlier, FlowAdvance advance) {
        if (advance.session() == null || earlier.pending().isEmpty()) {
            return advance;
        }
        FlowSession session = advance.session().withPendingOf(earlier);
        if (!session.asking()) {
            return withSession(advance, session);
        }
        FlowSession.PendingAnswer next = session.pending().get(0);
        trace(session.step(), "answering the message that came while the call was made");
        FlowRun rest = new FlowRun(compiled, new Turn(turn.customerId(), next.text(), turn.now(), turn.windowEnd()),
                session.variables(), session.startedAt());
        rest.sent.addAll(sent);
        rest.trace.addAll(trace);
        rest.steps.addAll(steps);
        return rest.answer(session.withoutFirstPending(), next.text(), next.optionId());
    }

    private FlowAdvance withSession(FlowAdvance advance, FlowSession session) {
        return new FlowAdvance(advance.flowId(), session, advance.messages(), advance.call(), advance.ending(),
                advance.trace(), advance.steps());
    }

    private FlowAdvance answer(FlowSession session, String text, String optionId) {
        FlowStep step = compiled.flow().step(session.step());
        if (!(step instanceof FlowStep.Ask ask) || !session.asking()) {
            return ended(FlowAdvance.Ending.GONE, session.step(), "the step is not a question of this flow version");
        }
        Optional<String> value = ask.expect().accept(text, optionId, compiled.askPattern(ask.id()));
        if (value.isPresent()) {
            if (ask.save() != null) {
                save(ask.save(), value.get());
            }
            String next = ask.expect().type() == Expectation.Type.CHOICE ? ask.expect().choices().get(value.get())
                    : ask.next();
            trace(ask.id(), "answer accepted" + (ask.save() == null ? "" : ": " + ask.save() + " = "
                    + value.get()) + (next == null ? "" : " \u2192 " + next));
            return carryPending(session, from(next));
        }
        String shown = text == null ? "(no text)" : "\u201c" + InteractiveParts.cut(text.strip(), 60) + "\u201d";
        step(ask.id(), FlowAdvance.StepEvent.INVALID);
        if (session.invalidAnswers() + 1 > ask.retries()) {
            if (ask.onInvalid() != null) {
                trace(ask.id(), shown + " is not " + ask.expect().describe() + "; no tries left \u2192 "
                        + ask.onInvalid());
                return carryPending(session, from(ask.onInvalid()));
            }
            return ended(FlowAdvance.Ending.NO_VALID_ANSWER, ask.id(), shown + " is not " + ask.expect().describe()
                    + "; no tries left, the flow ends");
        }
        FlowSession again = session.afterInvalidAnswer();
        trace(ask.id(), shown + " is not " + ask.expect().describe() + "; asked again (" + again.invalidAnswers()
                + " of " + ask.retries() + ")");
        send(ask.id(), ask.invalidMessage() != null ? ask.invalidMessage() : ask.message());
        return advance(again, null, null);
    }

    /** Runs from {@code stepId} until a step waits or the flow ends. */
    private FlowAdvance from(String stepId) {
        String current = stepId;
        for (int count = 0; ; count++) {
            if (current == null) {
                return ended(FlowAdvance.Ending.COMPLETED, null, "nowhere to go on; the flow ends");
            }
            if (count >= MAX_STEPS_PER_TURN) {
                return ended(FlowAdvance.Ending.STOPPED, current, "more than " + MAX_STEPS_PER_TURN
                        + " steps without waiting; stopped");
            }
            FlowStep step = compiled.flow().step(current);
            if (step == null) {
                return ended(FlowAdvance.Ending.GONE, current, "no step '" + current + "' in this flow version");
            }
            step(step.id(), FlowAdvance.StepEvent.ENTERED);
            if (step instanceof FlowStep.Message m) {
                send(m.id(), m.message());
                current = m.next();
            } else if (step instanceof FlowStep.Ask ask) {
                send(ask.id(), ask.message());
                trace(ask.id(), "asks for " + ask.expect().describe());
                Instant timeoutAt = ask.timeout() == null ? null : turn.now().plus(ask.timeout());
                return advance(session(ask.id(), FlowSession.Status.ASKING, timeoutAt), null, null);
            } else if (step instanceof FlowStep.Branch branch) {
                current = branch(branch);
            } else if (step instanceof FlowStep.Http http) {
                HttpCall call = call(http);
                trace(http.id(), "calls " + call.method() + " " + call.url());
                return advance(session(http.id(), FlowSession.Status.CALLING, null), call, null);
            } else if (step instanceof FlowStep.Handoff handoff) {
                send(handoff.id(), handoff.message());
                return ended(FlowAdvance.Ending.HANDED_OFF, handoff.id(), "handed to a person");
            } else {
                send(step.id(), step.message());
                return ended(FlowAdvance.Ending.COMPLETED, step.id(), "the flow ends");
            }
        }
    }

    private String branch(FlowStep.Branch branch) {
        for (int i = 0; i < branch.cases().size(); i++) {
            FlowStep.BranchCase c = branch.cases().get(i);
            String value = c.variable().startsWith("analysis.")
                    ? RuleReply.analysisValue(turn.analysis(), c.variable()) : variables.get(c.variable());
            boolean holds = switch (c.test()) {
                case EQUALS -> value != null && value.strip().equalsIgnoreCase(c.value().strip());
                case CONTAINS -> value != null && value.toLowerCase(Locale.ROOT)
                        .contains(c.value().strip().toLowerCase(Locale.ROOT));
                case MATCHES -> value != null && compiled.casePattern(branch.id(), i) != null
                        && compiled.casePattern(branch.id(), i).find(value);
                case EXISTS -> value != null && !value.isEmpty();
            };
            if (holds) {
                trace(branch.id(), c.variable() + " " + c.test().name().toLowerCase(Locale.ROOT)
                        + (c.value() == null ? "" : " \u201c" + c.value() + "\u201d") + " \u2192 " + c.next());
                return c.next();
            }
        }
        trace(branch.id(), "no case holds" + (branch.otherwise() == null ? "" : " \u2192 " + branch.otherwise()));
        return branch.otherwise();
    }

    private FlowSession session(String stepId, FlowSession.Status status, Instant timeoutAt) {
        Instant expiresAt = turn.windowEnd();
        if (timeoutAt != null && (expiresAt == null || timeoutAt.isBefore(expiresAt))) {
            expiresAt = timeoutAt;
        }
        return new FlowSession(UUID.randomUUID(), compiled.flow().id() == null ? 0 : compiled.flow().id(),
                compiled.flow().version(), stepId, status, variables, 0, startedAt, turn.now(), timeoutAt, expiresAt,
                List.of());
    }

    private FlowAdvance ended(FlowAdvance.Ending ending, String stepId, String why) {
        trace(stepId, why);
        if (!ending.completes() && stepId != null) {
            step(stepId, FlowAdvance.StepEvent.LEFT);
        }
        return advance(null, null, ending);
    }

    private FlowAdvance advance(FlowSession session, HttpCall call, FlowAdvance.Ending ending) {
        return new FlowAdvance(compiled.flow().id() == null ? 0 : compiled.flow().id(), session, sent, call, ending,
                trace, steps);
    }

    private void step(String stepId, FlowAdvance.StepEvent event) {
        steps.add(new FlowAdvance.Step(stepId, event));
    }

    private void save(String name, String value) {
        if (variables.size() >= FlowSession.MAX_VARIABLES && !variables.containsKey(name)) {
            trace(null, "not saved: " + name + " (at most " + FlowSession.MAX_VARIABLES + " variables)");
            return;
        }
        String v = value == null ? "" : value;
        variables.put(name, v.length() <= Expectation.MAX_VALUE_LENGTH ? v
                : v.substring(0, Expectation.MAX_VALUE_LENGTH));
    }

    private void send(String stepId, RuleReply message) {
        if (message == null) {
            return;
        }
        message.render(context()).ifPresent(content -> sent.add(new FlowAdvance.Sent(stepId, content)));
    }

    private RuleReply.Context context() {
        return new RuleReply.Context(turn.customerText(), turn.customerId(), compiled.flow().name(), turn.now(),
                ZoneOffset.UTC, turn.analysis() == null ? null : turn.analysis().language(), variables,
                turn.analysis());
    }

    private HttpCall call(FlowStep.Http http) {
        RuleReply.Context context = context();
        Map<String, String> headers = new LinkedHashMap<>();
        http.headers().forEach((name, value) -> headers.put(name, oneLine(RuleReply.fill(value, context))));
        String body = http.body() == null ? null : jsonFilled(http.body(), context);
        return new HttpCall(http.id(), http.method(), RuleReply.fillUrl(http.url().strip(), context), headers, body,
                http.timeout());
    }

    /** A header value may not break its line, whatever a variable holds. */
    private static String oneLine(String value) {
        return value.replaceAll("[\\x00-\\x1f\\x7f]", " ");
    }

    /** The body's variables filled in as JSON string content (escaped): they stand inside its string literals. */
    private static String jsonFilled(String body, RuleReply.Context context) {
        if (!body.contains("{{")) {
            return body;
        }
        Matcher m = RuleReply.FLOW_VARIABLE.matcher(body);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(jsonEscaped(
                    Objects.requireNonNullElse(context.flow().get(m.group(1)), ""))));
        }
        m.appendTail(out);
        String rest = out.toString();
        rest = rest.replaceAll("\\{\\{\\s*customer\\.id\\s*}}", Matcher.quoteReplacement(
                jsonEscaped(Objects.requireNonNullElse(context.customerId(), ""))));
        return rest.replaceAll("\\{\\{\\s*now\\s*}}", Matcher.quoteReplacement(context.now().toString()));
    }

    static String jsonEscaped(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    private void trace(String stepId, String event) {
        trace.add(new FlowAdvance.Trace(stepId, event));
    }
}
