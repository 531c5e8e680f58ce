package io.parley.adapters.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.parley.domain.model.Expectation;
import io.parley.domain.model.Flow;
import io.parley.domain.model.FlowStep;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A flow's definition as stored in {@code flow.definition} and {@code flow_version.definition}: the shape of
 * CONTRACT.md's flows, so that what an operator finds in the database reads like what the API takes.
 */
@Serdeable
record FlowJson(String name, String start, List<Step> steps) {

    @Serdeable
    record Step(String id, String type, @Nullable ReplyJson message, @Nullable Expect expect, @Nullable String save,
                @Nullable Integer retries, @Nullable ReplyJson invalidMessage, @Nullable String onInvalid,
                @Nullable String timeout, @Nullable String onTimeout, @Nullable String next,
                @Nullable List<Case> cases, @Nullable String otherwise, @Nullable String method, @Nullable String url,
                @Nullable Map<String, String> headers, @Nullable String body, @Nullable Map<String, String> saves,
                @Nullable String onError) {
    }

    @Serdeable
    record Expect(String type, @Nullable String pattern, @Nullable Map<String, String> choices) {
    }

    @Serdeable
    record Case(String variable, String test, @Nullable String value, String next) {
    }

    static FlowJson of(Flow flow) {
        return new FlowJson(flow.name(), flow.start(), flow.steps().stream().map(FlowJson::step).toList());
    }

    private static Step step(FlowStep s) {
        String type = s.type().name();
        if (s instanceof FlowStep.Message m) {
            return new Step(m.id(), type, ReplyJson.of(m.message()), null, null, null, null, null, null, null,
                    m.next(), null, null, null, null, null, null, null, null);
        }
        if (s instanceof FlowStep.Ask a) {
            return new Step(a.id(), type, ReplyJson.of(a.message()), new Expect(a.expect().type().name(),
                    a.expect().pattern(), a.expect().choices().isEmpty() ? null : a.expect().choices()), a.save(),
                    a.retries(), ReplyJson.of(a.invalidMessage()), a.onInvalid(),
                    a.timeout() == null ? null : a.timeout().toString(), a.onTimeout(), a.next(), null, null, null,
                    null, null, null, null, null);
        }
        if (s instanceof FlowStep.Branch b) {
            return new Step(b.id(), type, null, null, null, null, null, null, null, null, null,
                    b.cases().stream().map(c -> new Case(c.variable(), c.test().name(), c.value(), c.next()))
                            .toList(), b.otherwise(), null, null, null, null, null, null);
        }
        if (s instanceof FlowStep.Http h) {
            return new Step(h.id(), type, null, null, null, null, null, null, h.timeout().toString(), null, h.next(),
                    null, null, h.method(), h.url(), h.headers().isEmpty() ? null : h.headers(), h.body(),
                    h.save().isEmpty() ? null : h.save(), h.onError());
        }
        return new Step(s.id(), type, ReplyJson.of(s.message()), null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null);
    }

    Flow toDomain(Long id, int version) {
        return new Flow(id, name, version, start, steps.stream().map(FlowJson::toDomain).toList());
    }

    private static FlowStep toDomain(Step s) {
        return switch (FlowStep.Type.valueOf(s.type())) {
            case MESSAGE -> new FlowStep.Message(s.id(), reply(s.message()), s.next());
            case ASK -> new FlowStep.Ask(s.id(), reply(s.message()), s.expect() == null ? null
                    : new Expectation(Expectation.Type.valueOf(s.expect().type()), s.expect().pattern(),
                    s.expect().choices()), s.save(), s.retries() == null ? FlowStep.Ask.DEFAULT_RETRIES : s.retries(),
                    reply(s.invalidMessage()), s.onInvalid(), duration(s.timeout()), s.onTimeout(), s.next());
            case BRANCH -> new FlowStep.Branch(s.id(), s.cases() == null ? List.of() : s.cases().stream()
                    .map(c -> new FlowStep.BranchCase(c.variable(), FlowStep.BranchCase.Test.valueOf(c.test()),
                            c.value(), c.next())).toList(), s.otherwise());
            case HTTP -> new FlowStep.Http(s.id(), s.method(), s.url(), s.headers(), s.body(), s.saves(),
                    duration(s.timeout()), s.next(), s.onError());
            case HANDOFF -> new FlowStep.Handoff(s.id(), reply(s.message()));
            case END -> new FlowStep.End(s.id(), reply(s.message()));
        };
    }

    private static io.parley.domain.model.RuleReply reply(ReplyJson json) {
        return json == null ? null : json.toDomain();
    }

    private static Duration duration(String text) {
        return text == null ? null : Duration.parse(text);
    }
}
