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

    private CompiledFlow(Flow flow) {
        this.flow = flow;
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
