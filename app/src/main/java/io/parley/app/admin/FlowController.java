package io.parley.app.admin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.parley.domain.model.FieldError;
import io.parley.domain.model.Flow;
import io.parley.domain.model.FlowTest;
import io.parley.domain.model.HttpCall;
import io.parley.domain.model.InvalidRuleException;
import io.parley.domain.port.in.ManageFlowsUseCase;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Flows CRUD, their versions and the flow tester (CONTRACT.md, "Flows"). */
@Controller("/api/flows")
// JDBC blocks: keep it off the Netty event loop
@ExecuteOn(TaskExecutors.BLOCKING)
class FlowController {

    private final ManageFlowsUseCase flows;
    private final JsonMapper json;

    FlowController(ManageFlowsUseCase flows, JsonMapper json) {
        this.flows = flows;
        this.json = json;
    }

    @Get
    List<FlowDto> list() {
        return flows.list().stream().map(f -> FlowDto.of(f, json)).toList();
    }

    /** Every flow as one JSON document, for {@code POST /api/flows/import} here or elsewhere. */
    @Get("/export")
    FlowSet export() {
        return new FlowSet(flows.list().stream().map(f -> FlowDto.of(f, json).withoutVersion()).toList());
    }

    /**
     * Takes in an exported document, all or nothing: each flow becomes the next version of the flow with its id,
     * else of the only flow with its name (rules that start it keep starting it), else a new flow; errors are named
     * {@code flows[i].field}.
     */
    @Post("/import")
    HttpResponse<?> importFlows(HttpRequest<?> request, @Body FlowSet body) {
        List<FlowDto> incoming = body.flows() == null ? List.of() : body.flows();
        List<Flow> parsed = new java.util.ArrayList<>();
        List<FieldError> problems = new java.util.ArrayList<>();
        for (int i = 0; i < incoming.size(); i++) {
            try {
                parsed.add(incoming.get(i).toDomain(json));
            } catch (InvalidRuleException e) {
                int index = i;
                e.errors().forEach(f -> problems.add(new FieldError("flows[" + index + "]." + f.field(),
                        f.message())));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRuleException(problems);
        }
        return HttpResponse.ok(new FlowSet(flows.importAll(parsed, AdminActor.of(request)).stream()
                .map(f -> FlowDto.of(f, json)).toList()));
    }

    @Serdeable
    record FlowSet(@Nullable List<FlowDto> flows) {
    }

    @Get("/{id}")
    HttpResponse<?> get(long id) {
        return flows.get(id).<HttpResponse<?>>map(f -> HttpResponse.ok(FlowDto.of(f, json)))
                .orElseGet(() -> notFound(id));
    }

    @Post
    HttpResponse<FlowDto> create(HttpRequest<?> request, @Body FlowDto body) {
        Flow created = flows.create(body.toDomain(json), AdminActor.of(request));
        return HttpResponse.created(FlowDto.of(created, json), URI.create("/api/flows/" + created.id()));
    }

    /** Saves the body as the flow's next version; conversations in the flow finish on theirs. */
    @Put("/{id}")
    HttpResponse<?> replace(HttpRequest<?> request, long id, @Body FlowDto body) {
        return flows.replace(id, body.toDomain(json), AdminActor.of(request))
                .<HttpResponse<?>>map(f -> HttpResponse.ok(FlowDto.of(f, json)))
                .orElseGet(() -> notFound(id));
    }

    /** 409 while enabled rules start the flow. */
    @Delete("/{id}")
    HttpResponse<?> delete(HttpRequest<?> request, long id) {
        try {
            return flows.delete(id, AdminActor.of(request)) ? HttpResponse.noContent() : notFound(id);
        } catch (ManageFlowsUseCase.FlowInUseException e) {
            return HttpResponse.status(HttpStatus.CONFLICT).body(new InUse(
                    "rules " + e.ruleIds() + " start this flow; change or delete them first", e.ruleIds()));
        }
    }

    @Serdeable
    record InUse(String error, List<Long> ruleIds) {
    }

    @Get("/{id}/history")
    HttpResponse<?> history(long id) {
        List<VersionDto> versions = flows.history(id).stream()
                .map(v -> new VersionDto(v.version(), v.change(), v.changedBy(), v.changedAt(),
                        FlowDto.of(v.flow(), json)))
                .toList();
        return versions.isEmpty() ? notFound(id) : HttpResponse.ok(versions);
    }

    @Serdeable
    record VersionDto(int version, String change, String changedBy, Instant changedAt, FlowDto flow) {
    }

    @Post("/{id}/history/{version}/restore")
    HttpResponse<?> restore(HttpRequest<?> request, long id, int version) {
        return flows.restore(id, version, AdminActor.of(request))
                .<HttpResponse<?>>map(f -> HttpResponse.ok(FlowDto.of(f, json)))
                .orElseGet(() -> HttpResponse.<ApiErrors>status(HttpStatus.NOT_FOUND)
                        .body(ApiErrors.of("flow " + id + " has no version " + version)));
    }

    /**
     * The stored flow tried against the customer messages of the body, with canned answers for its HTTP steps
     * ({@code http}, by step id) or, with {@code live}, their real calls: nothing is sent or stored.
     */
    @Post("/{id}/test")
    HttpResponse<?> test(long id, @Body TestRequest body) {
        return flows.get(id).<HttpResponse<?>>map(f -> HttpResponse.ok(run(f, body)))
                .orElseGet(() -> notFound(id));
    }

    /** The same for a draft ({@code flow} in the body), so that a flow can be tried before it is saved. */
    @Post("/test")
    HttpResponse<?> testDraft(@Body TestRequest body) {
        if (body.flow() == null) {
            throw new InvalidRuleException(List.of(new FieldError("flow", "is required: the flow to test")));
        }
        return HttpResponse.ok(run(body.flow().toDomain(json), body));
    }

    private TestResult run(Flow flow, TestRequest body) {
        Map<String, HttpCall.Result> answers = new LinkedHashMap<>();
        if (body.http() != null) {
            body.http().forEach((step, answer) -> answers.put(step, new HttpCall.Result(
                    answer.status() == null ? 200 : answer.status(),
                    java.util.Objects.requireNonNullElse(FlowDto.bodyText(answer.body(), json), ""), null)));
        }
        FlowTest test = flows.test(flow, body.messages() == null ? List.of() : body.messages(), body.from(), answers,
                Boolean.TRUE.equals(body.live()));
        return new TestResult(test.transcript().stream().map(e -> new Exchange(e.customer(),
                e.replies().stream().map(r -> new Reply(r.stepId(), MessageDto.content(r.content()))).toList(),
                e.step(), e.variables(), e.trace().stream().map(t -> new Trace(t.stepId(), t.event())).toList(),
                e.ending() == null ? null : e.ending().name())).toList(),
                test.session() == null ? null : test.session().step(),
                test.session() == null ? null : test.session().variables(),
                test.ending() == null ? null : test.ending().name());
    }


    /** {@code messages}: what the customer writes, in order; {@code http}: a canned answer per HTTP step. */
    @Serdeable
    record TestRequest(@Nullable List<String> messages, @Nullable String from,
                       @Nullable Map<String, CannedAnswer> http, @Nullable Boolean live, @Nullable FlowDto flow) {
    }

    @Serdeable
    record CannedAnswer(@Nullable Integer status, @Nullable JsonNode body) {
    }

    /** {@code step}/{@code variables}: where the flow waits at the end (null when it ended, and how). */
    @Serdeable
    record TestResult(List<Exchange> transcript, @Nullable String step, @Nullable Map<String, String> variables,
                      @Nullable String ending) {
    }

    @Serdeable
    record Exchange(@Nullable String customer, List<Reply> replies, @Nullable String step,
                    Map<String, String> variables, List<Trace> trace, @Nullable String ending) {
    }

    @Serdeable
    record Reply(String step, MessageDto.Content content) {
    }

    @Serdeable
    record Trace(@Nullable String step, String event) {
    }

    private static HttpResponse<ApiErrors> notFound(long id) {
        return HttpResponse.<ApiErrors>status(HttpStatus.NOT_FOUND).body(ApiErrors.of("no flow with id " + id));
    }

    @Error(exception = InvalidRuleException.class)
    HttpResponse<ApiErrors> invalid(InvalidRuleException e) {
        return HttpResponse.badRequest(ApiErrors.of("invalid flow: " + e.getMessage(), e.errors()));
    }
}
