package io.parley.app.admin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.serde.annotation.Serdeable;
import io.parley.domain.model.Conversation;
import io.parley.domain.model.InvalidRuleException;
import io.parley.domain.model.MessageDirection;
import io.parley.domain.model.ReplyRule;
import io.parley.domain.model.RuleInput;
import io.parley.domain.port.in.ManageReplyRulesUseCase;
import io.parley.domain.port.out.ConversationQueries;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/** Rules CRUD and the rule tester (CONTRACT.md). */
@Controller("/api/rules")
// JDBC blocks: keep it off the Netty event loop
@ExecuteOn(TaskExecutors.BLOCKING)
class RuleController {

    private final ManageReplyRulesUseCase rules;
    private final ConversationQueries conversations;

    RuleController(ManageReplyRulesUseCase rules, ConversationQueries conversations) {
        this.rules = rules;
        this.conversations = conversations;
    }

    /** All rules in evaluation order. */
    @Get
    List<RuleDto> list() {
        return rules.list().stream().map(RuleDto::of).toList();
    }

    @Get("/{id}")
    HttpResponse<?> get(long id) {
        return rules.get(id).<HttpResponse<?>>map(r -> HttpResponse.ok(RuleDto.of(r)))
                .orElseGet(() -> notFound(id));
    }

    @Post
    HttpResponse<RuleDto> create(@Body RuleDto body) {
        ReplyRule created = rules.create(body.toDomain());
        return HttpResponse.created(RuleDto.of(created), URI.create("/api/rules/" + created.id()));
    }

    @Put("/{id}")
    HttpResponse<?> replace(long id, @Body RuleDto body) {
        return rules.replace(id, body.toDomain()).<HttpResponse<?>>map(r -> HttpResponse.ok(RuleDto.of(r)))
                .orElseGet(() -> notFound(id));
    }

    @Delete("/{id}")
    HttpResponse<?> delete(long id) {
        return rules.delete(id) ? HttpResponse.noContent() : notFound(id);
    }

    /**
     * Which rule would answer this message, with what (variables filled in), and why each rule did or did not;
     * nothing is sent or stored.
     */
    @Post("/test")
    TestResult test(@Body TestRequest request) {
        boolean first = request.firstMessage() != null ? request.firstMessage() : isFirst(request);
        RuleInput input = new RuleInput(request.text(), first, request.buttonPayload(), request.listReplyId(),
                request.mediaType(), request.language(), request.intent(), request.channelId(),
                request.from(), request.at(), null);
        ManageReplyRulesUseCase.RuleTest test = rules.test(input);
        ReplyRule winner = test.winner();
        return new TestResult(winner != null, winner == null ? null : RuleDto.of(winner),
                test.reply() == null ? null : MessageDto.contentOf(test.reply()), first,
                test.trace().stream().map(t -> new TraceEntry(t.rule().id(), t.rule().name(), t.rule().priority(),
                        t.rule().match().type().name(), t.matched(), t.winner(), t.reason())).toList());
    }

    /** First message unless the sender already wrote to that channel. */
    private boolean isFirst(TestRequest request) {
        if (request.from() == null || request.from().isBlank()) {
            return false;
        }
        return conversations.conversations(request.from().strip(), 0, 1000).stream()
                .filter(c -> request.channelId() == null || c.channelId().equals(request.channelId().strip()))
                .map(Conversation::id)
                .noneMatch(id -> conversations.messages(id).stream()
                        .anyMatch(m -> m.direction() == MessageDirection.INBOUND));
    }

    /** A message to test: text and/or button payload, list reply id, media type, detected language or intent. */
    @Serdeable
    record TestRequest(@Nullable String text, @Nullable String from, @Nullable String channelId,
                       @Nullable String buttonPayload, @Nullable String listReplyId, @Nullable String mediaType,
                       @Nullable Boolean firstMessage, @Nullable String language, @Nullable String intent,
                       @Nullable java.time.Instant at) {
    }

    /** {@code rule} and {@code reply} are null when no rule answers; {@code trace} has every enabled rule. */
    @Serdeable
    record TestResult(boolean matched, @Nullable RuleDto rule, @Nullable MessageDto.Content reply,
                      boolean firstMessage, List<TraceEntry> trace) {
    }

    @Serdeable
    record TraceEntry(Long id, String name, int priority, String matchType, boolean matched, boolean winner,
                      String reason) {
    }

    private static HttpResponse<ApiErrors> notFound(long id) {
        return HttpResponse.<ApiErrors>status(HttpStatus.NOT_FOUND).body(ApiErrors.of("no rule with id " + id));
    }

    @Error(exception = InvalidRuleException.class)
    HttpResponse<ApiErrors> invalid(HttpRequest<?> request, InvalidRuleException e) {
        return HttpResponse.badRequest(ApiErrors.of("invalid rule: " + e.getMessage(), e.errors()));
    }
}
