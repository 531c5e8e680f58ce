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

    /** Which rule would answer this message, and with what; nothing is sent or stored. */
    @Post("/test")
    TestResult test(@Body TestRequest request) {
        boolean first = request.firstMessage() != null ? request.firstMessage() : isFirst(request);
        Optional<ReplyRule> winner = rules.test(new RuleInput(request.text(), first));
        return new TestResult(winner.isPresent(), winner.map(RuleDto::of).orElse(null),
                winner.map(r -> RuleDto.of(r).reply()).orElse(null), first);
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

    @Serdeable
    record TestRequest(@Nullable String text, @Nullable String from, @Nullable String channelId,
                       @Nullable String buttonPayload, @Nullable String listReplyId, @Nullable String mediaType,
                       @Nullable Boolean firstMessage) {
    }

    /** {@code rule} and {@code reply} are null when no rule matches. */
    @Serdeable
    record TestResult(boolean matched, @Nullable RuleDto rule, @Nullable RuleDto.Reply reply, boolean firstMessage) {
    }

    private static HttpResponse<ApiErrors> notFound(long id) {
        return HttpResponse.<ApiErrors>status(HttpStatus.NOT_FOUND).body(ApiErrors.of("no rule with id " + id));
    }

    @Error(exception = InvalidRuleException.class)
    HttpResponse<ApiErrors> invalid(HttpRequest<?> request, InvalidRuleException e) {
        return HttpResponse.badRequest(ApiErrors.of("invalid rule: " + e.getMessage(), e.errors()));
    }
}
