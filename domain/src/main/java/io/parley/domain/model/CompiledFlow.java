package io.parley.domain.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A flow with its users' patterns compiled (RE2): what the engine runs. Versions never change, so it is cached. */
public final class CompiledFlow {

    private final Flow flow;
    private final Map<String, TextPatterns.TextPattern> askPatterns = new HashMap<>();
    private final Map<String, TextPatterns.TextPattern> casePatterns = new HashMap<>();

    private final boolean usesAnalysis;
    private final Map<String, Boolean> analysisAfter = new java.util.concurrent.ConcurrentHashMap<>();

    private CompiledFlow(Flow flow) {
        this.flow = flow;
        this.usesAnalysis = flow.steps().stream().anyMatch(CompiledFlow::usesAnalysis);
    }

    /** True when some step of the flow uses what the analysis found. */
    public boolean usesAnalysis() {
        return usesAnalysis;
    }

    /**
     * True when what the flow does on starting, up to its first question, uses the analysis of the message that
     * started it.
     */
    public boolean usesAnalysisOnStart() {
        return usesAnalysis && analysisAfter.computeIfAbsent("\u0000start", k -> reaches(List.of(flow.start())));
    }

    /**
     * True when what the flow does with an answer to question {@code askId}, up to its next question, uses the
     * analysis of that answer.
     */
    public boolean usesAnalysisAfter(String askId) {
        if (!usesAnalysis) {
            return false;
        }
        return analysisAfter.computeIfAbsent(askId, id -> {
            FlowStep ask = flow.step(id);
            if (ask == null) {
                return false;
            }
            if (ask instanceof FlowStep.Ask a && a.invalidMessage() != null && a.invalidMessage().usesAnalysis()) {
                return true;
            }
            return reaches(List.copyOf(ask.routes().values()));
        });
    }

    /** Whether a step reached from {@code from}, up to and including the next questions, uses the analysis. */
    private boolean reaches(List<String> from) {
        java.util.Deque<String> todo = new java.util.ArrayDeque<>(from);
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (!todo.isEmpty()) {
            String id = todo.pop();
            if (id == null || !seen.add(id)) {
                continue;
            }
            FlowStep step = flow.step(id);
            if (step == null) {
                continue;
            }
            if (step instanceof FlowStep.Ask ask) {
                if (ask.message() != null && ask.message().usesAnalysis()) {
                    return true; // the next question itself; what follows it is another answer's
                }
                continue;
            }
            if (usesAnalysis(step)) {
                return true;
            }
            todo.addAll(step.routes().values());
        }
        return false;
    }

    private static boolean usesAnalysis(FlowStep step) {
        if (step == null) {
            return false;
        }
        if (step.message() != null && step.message().usesAnalysis()) {
            return true;
        }
        if (step instanceof FlowStep.Ask ask && ask.invalidMessage() != null && ask.invalidMessage().usesAnalysis()) {
            return true;
        }
        if (step instanceof FlowStep.Branch branch) {
            return branch.cases().stream().anyMatch(c -> c != null && c.variable() != null
                    && c.variable().startsWith("analysis."));
        }
        if (step instanceof FlowStep.Http http) {
            String all = http.url() + " " + http.body() + " " + http.headers().values();
            return all.contains("{{analysis.") || all.contains("{{ analysis.");
        }
        return false;
    }

    /**
     * @throws InvalidRuleException naming the field of each pattern RE2 cannot compile, and where
     */
    public static CompiledFlow compile(Flow flow, TextPatterns patterns) {
        CompiledFlow compiled = new CompiledFlow(flow);
        List<FieldError> problems = new ArrayList<>();
        for (int i = 0; i < flow.steps().size(); i++) {
            FlowStep s = flow.steps().get(i);
            if (s instanceof FlowStep.Ask ask && ask.expect().type() == Expectation.Type.REGEX) {
                TextPatterns.TextPattern p = compile(patterns, ask.expect().pattern(),
                        "steps[" + i + "].expect.pattern", problems);
                if (p != null) {
                    compiled.askPatterns.put(ask.id(), p);
                }
            } else if (s instanceof FlowStep.Branch branch) {
                for (int c = 0; c < branch.cases().size(); c++) {
                    FlowStep.BranchCase bc = branch.cases().get(c);
                    if (bc.test() == FlowStep.BranchCase.Test.MATCHES) {
                        TextPatterns.TextPattern p = compile(patterns, bc.value(),
                                "steps[" + i + "].cases[" + c + "].matches", problems);
                        if (p != null) {
                            compiled.casePatterns.put(s.id() + "#" + c, p);
                        }
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRuleException(problems);
        }
        return compiled;
    }

    private static TextPatterns.TextPattern compile(TextPatterns patterns, String pattern, String field,
                                                    List<FieldError> problems) {
        try {
            return patterns.compile(pattern);
        } catch (TextPatterns.InvalidPatternException e) {
            String where = e.position() >= 0 ? " at position " + e.position() : "";
            problems.add(new FieldError(field, "not a valid RE2 regular expression" + where + ": " + e.getMessage()));
            return null;
        }
    }

    public Flow flow() {
        return flow;
    }

    TextPatterns.TextPattern askPattern(String stepId) {
        return askPatterns.get(stepId);
    }

    TextPatterns.TextPattern casePattern(String stepId, int index) {
        return casePatterns.get(stepId + "#" + index);
    }
}
