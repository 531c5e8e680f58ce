package io.parley.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.domain.fakes.JdkTextPatternsFake;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.Test;

/** A flow checks itself as a whole; the engine runs it step by step, as plain functions. */
class FlowEngineTest {

    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
    private static final FlowRun.Turn TURN = new FlowRun.Turn("ann", "hi", NOW, NOW.plus(Duration.ofHours(24)));

    private static CompiledFlow compiled(Flow flow) {
        return CompiledFlow.compile(flow.withId(7L, 1), new JdkTextPatternsFake());
    }

    private static List<String> texts(FlowAdvance advance) {
        return advance.messages().stream().map(s -> s.content().summary()).toList();
    }

    private static FlowRun.Turn says(String text) {
        return new FlowRun.Turn("ann", text, NOW, NOW.plus(Duration.ofHours(24)));
    }

    /** The problems building {@code flow} reports, as "field: message". */
    private static List<String> problems(Executable build) {
        InvalidRuleException e = assertThrows(InvalidRuleException.class, () -> build.execute());
        return e.errors().stream().map(f -> f.field() + ": " + f.message()).toList();
    }

    private static void assertProblem(String field, String messagePart, Executable build) {
        List<String> found = problems(build);
        assertTrue(found.stream().anyMatch(p -> p.startsWith(field + ":") && p.contains(messagePart)),
                "expected " + field + " (" + messagePart + ") among " + found);
    }

    @Test
    void theOrderFlowAsksLooksUpAndTellsWithTheSavedValues() {
        CompiledFlow flow = compiled(Flows.orderStatus());
        FlowAdvance asked = FlowRun.start(flow, TURN);
        assertEquals(List.of("Your order number?"), texts(asked));
        assertEquals("ask", asked.session().step());
        assertEquals(NOW.plus(Duration.ofMinutes(30)), asked.session().timeoutAt());

        FlowAdvance calling = FlowRun.answer(flow, asked.session(), "I want a refund for order 12345", null,
                says("I want a refund for order 12345"));
        assertEquals(Map.of("order", "12345"), calling.session().variables());
        assertEquals(FlowSession.Status.CALLING, calling.session().status());
        assertEquals("https://shop.example/orders/12345", calling.call().url());
        assertTrue(texts(calling).isEmpty());

        FlowAdvance told = FlowRun.called(flow, calling.session(), new HttpCall.Result(200, "{}", null),
                Map.of("state", "shipped"), TURN);
        assertEquals(List.of("Order 12345 is shipped."), texts(told));
        assertNull(told.session());
        assertEquals(FlowAdvance.Ending.COMPLETED, told.ending());
    }

    @Test
    void anInvalidAnswerIsRefusedWithTheInvalidMessageUntilTheRetriesAreSpentThenGoesToOnInvalid() {
        CompiledFlow flow = compiled(Flows.orderStatus());
        FlowSession waiting = FlowRun.start(flow, TURN).session();
        FlowAdvance first = FlowRun.answer(flow, waiting, "no idea", null, says("no idea"));
        assertEquals(List.of("Five digits, please"), texts(first));
        assertEquals(1, first.session().invalidAnswers());
        assertEquals(waiting.token(), first.session().token(), "still the same question: its timer stays valid");
        assertTrue(first.trace().get(0).event().contains("is not text matching"), first.trace().toString());
        FlowAdvance second = FlowRun.answer(flow, first.session(), "1234", null, says("1234"));
        assertEquals(2, second.session().invalidAnswers());
        FlowAdvance third = FlowRun.answer(flow, second.session(), "abc", null, says("abc"));
        assertEquals(List.of("A colleague takes over."), texts(third));
        assertEquals(FlowAdvance.Ending.HANDED_OFF, third.ending());
    }

    @Test
    void withoutOnInvalidTheFlowEndsAfterTheRetries() {
        CompiledFlow flow = compiled(Flows.of("n", Flows.ask("n", "How many?", Expectation.of(Expectation.Type.NUMBER),
                "count", null)));
        FlowSession s = FlowRun.start(flow, TURN).session();
        s = FlowRun.answer(flow, s, "many", null, says("many")).session();
        s = FlowRun.answer(flow, s, "lots", null, says("lots")).session();
        FlowAdvance ended = FlowRun.answer(flow, s, "???", null, says("???"));
        assertNull(ended.session());
        assertEquals(FlowAdvance.Ending.NO_VALID_ANSWER, ended.ending());
        assertEquals(List.of("How many?"), texts(FlowRun.answer(flow, FlowRun.start(flow, TURN).session(), "x",
                null, says("x"))), "without invalidMessage the question is asked again");
    }

    @Test
    void aTimeoutGoesToOnTimeoutOrEndsTheFlow() {
        CompiledFlow flow = compiled(Flows.orderStatus());
        FlowAdvance bye = FlowRun.timeout(flow, FlowRun.start(flow, TURN).session(), TURN);
        assertEquals(FlowAdvance.Ending.COMPLETED, bye.ending());
        assertTrue(bye.trace().stream().anyMatch(t -> t.event().contains("no answer in time")));
        CompiledFlow plain = compiled(Flows.of("q", new FlowStep.Ask("q", Flows.text("Still there?"), null, null, 2,
                null, null, Duration.ofMinutes(5), null, null)));
        FlowAdvance ended = FlowRun.timeout(plain, FlowRun.start(plain, TURN).session(), TURN);
        assertEquals(FlowAdvance.Ending.TIMED_OUT, ended.ending());
        assertTrue(texts(ended).isEmpty());
    }

    @Test
    void aFailedCallGoesToOnErrorAndWithoutOneEndsTheFlow() {
        CompiledFlow flow = compiled(Flows.orderStatus());
        FlowSession calling = FlowRun.answer(flow, FlowRun.start(flow, TURN).session(), "12345", null,
                says("12345")).session();
        FlowAdvance error = FlowRun.called(flow, calling, new HttpCall.Result(404, "{}", null), Map.of(), TURN);
        assertEquals(List.of("A colleague takes over."), texts(error));
        CompiledFlow noRoute = compiled(Flows.of("call", new FlowStep.Http("call", "POST", "https://x.example/a",
                null, "{\"a\": 1}", null, null, null, null)));
        FlowAdvance failed = FlowRun.called(noRoute, FlowRun.start(noRoute, TURN).session(),
                HttpCall.Result.failed("timed out"), Map.of(), TURN);
        assertEquals(FlowAdvance.Ending.CALL_FAILED, failed.ending());
    }

    @Test
    void answersThatCameDuringTheCallAreAnsweredWhenItIsBack() {
        CompiledFlow flow = compiled(Flows.of("call",
                new FlowStep.Http("call", "GET", "https://x.example/a", null, null, null, null, "email", null),
                Flows.ask("email", "Your email?", Expectation.of(Expectation.Type.EMAIL), "email", "done"),
                new FlowStep.End("done", Flows.text("We write to {{flow.email}}."))));
        FlowSession calling = FlowRun.start(flow, TURN).session()
                .withPending(new FlowSession.PendingAnswer(java.util.UUID.randomUUID(), "ann@example.com", null));
        FlowAdvance after = FlowRun.called(flow, calling, new HttpCall.Result(200, "{}", null), Map.of(), TURN);
        assertEquals(List.of("Your email?", "We write to ann@example.com."), texts(after));
        assertEquals(FlowAdvance.Ending.COMPLETED, after.ending());
    }

    @Test
    void branchesTakeTheFirstCaseThatHoldsElseOtherwise() {
        List<FlowStep.BranchCase> cases = List.of(
                new FlowStep.BranchCase("state", FlowStep.BranchCase.Test.EQUALS, "Shipped", "shipped"),
                new FlowStep.BranchCase("state", FlowStep.BranchCase.Test.CONTAINS, "late", "late"),
                new FlowStep.BranchCase("state", FlowStep.BranchCase.Test.MATCHES, "^r[e]fund", "refund"),
                new FlowStep.BranchCase("state", FlowStep.BranchCase.Test.EXISTS, null, "other"));
        CompiledFlow flow = compiled(Flows.of("q",
                Flows.ask("q", "State?", null, "state", "b"),
                new FlowStep.Branch("b", cases, "none"),
                new FlowStep.End("shipped", Flows.text("S")), new FlowStep.End("late", Flows.text("L")),
                new FlowStep.End("refund", Flows.text("R")), new FlowStep.End("other", Flows.text("O")),
                new FlowStep.End("none", Flows.text("N"))));
        FlowSession waiting = FlowRun.start(flow, TURN).session();
        Map<String, String> expected = Map.of(" shipped ", "S", "running LATE", "L", "Refund please", "R",
                "lost", "O");
        expected.forEach((answer, reply) -> assertEquals(List.of(reply),
                texts(FlowRun.answer(flow, waiting, answer, null, says(answer))), answer));
    }

    @Test
    void aChoiceIsAnsweredByATapTheIdOrWithButtonsAndGoesWhereTheOptionLeads() {
        RuleReply buttons = RuleReply.interactive(ReplyType.BUTTONS, "Which?", null, InteractiveParts.buttons(List.of(
                new InteractiveOption("status", "Order status"), new InteractiveOption("human", "A person"))));
        CompiledFlow flow = compiled(Flows.of("menu",
                new FlowStep.Ask("menu", buttons, Expectation.choice(Map.of("status", "s", "human", "h")), "picked",
                        0, null, null, null, null, null),
                new FlowStep.End("s", Flows.text("status")), new FlowStep.Handoff("h", Flows.text("person"))));
        FlowSession waiting = FlowRun.start(flow, TURN).session();
        assertEquals(List.of("person"), texts(FlowRun.answer(flow, waiting, "A person", "human", says("A person"))));
        assertEquals(List.of("status"), texts(FlowRun.answer(flow, waiting, "STATUS", null, says("STATUS"))));
        assertEquals(FlowAdvance.Ending.NO_VALID_ANSWER, FlowRun.answer(flow, waiting, "pizza", null,
                says("pizza")).ending(), "retries 0: the first wrong answer ends it");
    }

    @Test
    void expectationsSaveWhatTheContractSays() {
        Expectation number = Expectation.of(Expectation.Type.NUMBER);
        assertEquals(Optional.of("1234.5"), number.accept("1,234.5", null, null));
        assertEquals(Optional.of("42"), number.accept("about 42 of them", null, null));
        assertEquals(Optional.of("1234.5"), number.accept("1.234,5", null, null));
        assertEquals(Optional.of("3.5"), number.accept("3,5 kg", null, null));
        assertEquals(Optional.of("-7"), number.accept("-7", null, null));
        assertEquals(Optional.of("1234"), number.accept("1,234", null, null));
        assertEquals(Optional.empty(), number.accept("none", null, null));
        Expectation email = Expectation.of(Expectation.Type.EMAIL);
        assertEquals(Optional.of("ann.lee+shop@mail.example.com"),
                email.accept("it is ann.lee+shop@mail.example.com.", null, null));
        assertEquals(Optional.empty(), email.accept("ann at example", null, null));
        Expectation phone = Expectation.of(Expectation.Type.PHONE);
        assertEquals(Optional.of("+4915112345678"), phone.accept("call +49 151 1234-5678", null, null));
        assertEquals(Optional.empty(), phone.accept("12 34", null, null));
        Expectation date = Expectation.of(Expectation.Type.DATE);
        assertEquals(Optional.of("2026-12-24"), date.accept("2026-12-24", null, null));
        assertEquals(Optional.of("2026-12-24"), date.accept("on 24.12.2026 please", null, null));
        assertEquals(Optional.of("2026-12-24"), date.accept("24/12/2026", null, null));
        assertEquals(Optional.of("2026-12-24"), date.accept("24 December 2026", null, null));
        assertEquals(Optional.of("2026-12-24"), date.accept("Dec 24, 2026", null, null));
        assertEquals(Optional.empty(), date.accept("31.02.2026", null, null), "no such day");
        Expectation regex = Expectation.regex("order (\\d+)");
        TextPatterns.TextPattern p = new JdkTextPatternsFake().compile(regex.pattern());
        assertEquals(Optional.of("991"), regex.accept("my ORDER 991 is late", null, p));
        assertEquals(Optional.of("hi"), Expectation.TEXT.accept("  hi  ", null, null));
        assertEquals(Optional.empty(), Expectation.TEXT.accept("   ", null, null));
        assertEquals(Optional.of("opt-2"), number.accept("Second option", "opt-2", null),
                "a picked option answers any question with its id");
    }

    @Test
    void variablesAreFilledIntoTextsUrlsAndJsonBodiesEachInItsOwnEscaping() {
        CompiledFlow flow = compiled(Flows.of("q",
                Flows.ask("q", "Name?", null, "name", "call"),
                new FlowStep.Http("call", "POST", "https://x.example/c/{{flow.name}}?by={{customer.id}}",
                        Map.of("Authorization", "Bearer {{secret.SHOP_TOKEN}}", "X-Name", "{{flow.name}}"),
                        "{\"name\": \"{{flow.name}}\", \"who\": \"{{customer.id}}\"}", null, null, null, null)));
        String name = "Ann \"A\" & Bo\nb/1";
        HttpCall call = FlowRun.answer(flow, FlowRun.start(flow, TURN).session(), name, null, says(name)).call();
        assertEquals("https://x.example/c/Ann%20%22A%22%20%26%20Bo%0Ab%2F1?by=ann", call.url());
        assertEquals("{\"name\": \"Ann \\\"A\\\" & Bo\\nb/1\", \"who\": \"ann\"}", call.body());
        assertEquals("Bearer {{secret.SHOP_TOKEN}}", call.headers().get("Authorization"),
                "secrets are filled in only when the call is made");
        assertEquals("Ann \"A\" & Bo b/1", call.headers().get("X-Name"), "a header stays on one line");
    }

    @Test
    void aFlowIsCheckedAsAWholeNamingTheField() {
        assertProblem("start", "no step has the id 'nope'", () -> new Flow(null, "F", 0, "nope",
                List.of(new FlowStep.End("a", null))));
        assertProblem("steps[1].id", "already the id of steps[0]", () -> Flows.of("a",
                new FlowStep.End("a", null), new FlowStep.End("a", null)));
        assertProblem("steps[0].next", "no step has the id 'b'", () -> Flows.of("a",
                new FlowStep.Message("a", Flows.text("x"), "b")));
        assertProblem("steps[0].message.text", "no step saves the variable {{flow.ordr}}", () -> Flows.of("a",
                new FlowStep.End("a", Flows.text("Order {{flow.ordr}}"))));
        assertProblem("steps[0].message.text", "unknown variable {{rule.nme}}", () -> Flows.of("a",
                new FlowStep.End("a", Flows.text("{{rule.nme}}"))));
        assertProblem("steps[0].body", "secrets", () -> Flows.of("a", new FlowStep.Http("a", "POST",
                "https://x.example", null, "{\"k\": \"{{secret.KEY}}\"}", null, null, null, null)));
        assertProblem("steps[0].timeout", "at most 10 seconds", () -> Flows.of("a", new FlowStep.Http("a", "GET",
                "https://x.example", null, null, null, Duration.ofSeconds(11), null, null)));
        assertProblem("steps[0].headers.Idempotency-Key", "set by Parley", () -> Flows.of("a",
                new FlowStep.Http("a", "GET", "https://x.example", Map.of("Idempotency-Key", "1"), null, null, null,
                        null, null)));
        assertProblem("steps[0].headers.Authorization", "PARLEY_FLOWS_SECRET_", () -> Flows.of("a",
                new FlowStep.Http("a", "GET", "https://x.example", Map.of("Authorization", "Bearer abc123"), null,
                        null, null, null, null)));
        assertProblem("steps[0].save.state", "JSON Pointer", () -> Flows.of("a", new FlowStep.Http("a", "GET",
                "https://x.example", null, null, Map.of("state", "status"), null, null, null)));
        assertProblem("steps[0].timeout", "10 seconds", () -> Flows.of("a", new FlowStep.Ask("a",
                Flows.text("?"), null, null, 2, null, null, Duration.ofSeconds(2), null, null)));
        assertProblem("steps[0].expect.pattern", "required", () -> Flows.of("a",
                Flows.ask("a", "?", new Expectation(Expectation.Type.REGEX, null, null), null, null)));
        assertProblem("steps[0].message.type", "a flow's message is", () -> Flows.of("a", new FlowStep.Message("a",
                RuleReply.flow(3), null)));
        assertProblem("steps[0].message.buttons", "", () -> Flows.of("a", new FlowStep.Message("a",
                RuleReply.interactive(ReplyType.BUTTONS, "Pick", null, InteractiveParts.buttons(List.of())), null)));
    }

    @Test
    void aChoiceMustGiveEveryOptionOfItsButtonsAStepAndOnlyThose() {
        RuleReply buttons = RuleReply.interactive(ReplyType.BUTTONS, "Which?", null, InteractiveParts.buttons(
                List.of(new InteractiveOption("a", "A"), new InteractiveOption("b", "B"))));
        assertProblem("steps[0].expect.choices", "option 'b' of the question leads nowhere", () -> Flows.of("q",
                new FlowStep.Ask("q", buttons, Expectation.choice(Map.of("a", "end")), null, 2, null, null, null,
                        null, null), new FlowStep.End("end", null)));
        assertProblem("steps[0].expect.choices.c", "offers no option with this id", () -> Flows.of("q",
                new FlowStep.Ask("q", buttons, Expectation.choice(Map.of("a", "end", "b", "end", "c", "end")), null,
                        2, null, null, null, null, null), new FlowStep.End("end", null)));
    }

    @Test
    void aMessageAddressMayUseTheReplyVariablesAnHttpAddressOnlyFlowCustomerAndNow() {
        Flow fine = Flows.of("a", new FlowStep.Message("a", RuleReply.interactive(ReplyType.URL, "Track it",
                "https://x.example/t?q={{message.text}}", InteractiveParts.link("Track")), null));
        assertEquals(1, fine.steps().size());
        assertProblem("steps[0].url", "unknown variable {{message.text}}", () -> Flows.of("a",
                new FlowStep.Http("a", "GET", "https://x.example/t?q={{message.text}}", null, null, null, null,
                        null, null)));
    }

    @Test
    void aCycleThatNeverWaitsForTheCustomerIsRefusedOneThatAsksIsFine() {
        assertProblem("steps[0]", "a \u2192 b \u2192 a", () -> Flows.of("a",
                new FlowStep.Message("a", Flows.text("x"), "b"),
                new FlowStep.Branch("b", List.of(new FlowStep.BranchCase("v", FlowStep.BranchCase.Test.EXISTS, null,
                        "a")), "c"),
                Flows.ask("c", "v?", null, "v", null)));
        Flow asking = Flows.of("a", Flows.ask("a", "Again?", null, "v", "b"),
                new FlowStep.Branch("b", List.of(new FlowStep.BranchCase("v", FlowStep.BranchCase.Test.EQUALS, "yes",
                        "a")), null));
        assertEquals(2, asking.steps().size());
    }

    @Test
    void aBranchBackToAQuestionIsACycleThatWaitsAndRunsAsOne() {
        CompiledFlow flow = compiled(Flows.of("a", Flows.ask("a", "?", null, "v", "b"),
                new FlowStep.Branch("b", List.of(new FlowStep.BranchCase("v", FlowStep.BranchCase.Test.EXISTS, null,
                        "a")), null)));
        FlowAdvance next = FlowRun.answer(flow, FlowRun.start(flow, TURN).session(), "x", null, says("x"));
        assertEquals("a", next.session().step(), "the branch leads back to the question, which waits");
    }

    @Test
    void flowMessagesUseTheInteractiveLimitsOfRules() {
        List<InteractiveOption> four = List.of(new InteractiveOption("1", "a"), new InteractiveOption("2", "b"),
                new InteractiveOption("3", "c"), new InteractiveOption("4", "d"));
        List<String> found = problems(() -> Flows.of("a", new FlowStep.Message("a",
                RuleReply.interactive(ReplyType.BUTTONS, "Pick", null, InteractiveParts.buttons(four)), null)));
        assertTrue(found.stream().anyMatch(p -> p.startsWith("steps[0].message.buttons")), found.toString());
    }
}
