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
import io.parley.domain.model.ConsentPolicy;
import io.parley.domain.model.OutboundContent;
import io.parley.domain.model.ReplyRule;
import io.parley.domain.model.RuleInput;
import io.parley.domain.model.RuleLint;
import io.parley.domain.port.in.ManageReplyRulesUseCase;
import io.parley.domain.port.in.ReplayRulesUseCase;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
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
    private final ConsentPolicy consent;
    private final ReplayRulesUseCase replay;

    private final Clock clock;
    private final io.parley.app.config.AnalysisSettings analysis;

    RuleController(ManageReplyRulesUseCase rules, ConversationQueries conversations, ReplayRulesUseCase replay,
                   Clock clock, io.parley.app.config.AnalysisSettings analysis, ConsentPolicy consent) {
        this.consent = consent;
        this.analysis = analysis;
        this.clock = clock;
        this.rules = rules;
        this.conversations = conversations;
        this.replay = replay;
    }

    /** All rules in evaluation order, each with its lint warnings. */
    @Get
    List<RuleDto> list() {
        Map<Long, List<RuleLint.Warning>> warnings = rules.lintAll();
        return rules.list().stream()
                .map(r -> RuleDto.of(r).withWarnings(warnings.getOrDefault(r.id(), List.of())))
                .toList();
    }

    @Get("/{id}")
    HttpResponse<?> get(long id) {
        return rules.get(id).<HttpResponse<?>>map(r -> HttpResponse.ok(linted(r)))
                .orElseGet(() -> notFound(id));
    }

    /** 201 with the stored rule and the lint warnings that concern it. */
    @Post
    HttpResponse<RuleDto> create(HttpRequest<?> request, @Body RuleDto body) {
        ReplyRule created = rules.create(body.toDomain(), AdminActor.of(request));
        return HttpResponse.created(linted(created), URI.create("/api/rules/" + created.id()));
    }

    @Put("/{id}")
    HttpResponse<?> replace(HttpRequest<?> request, long id, @Body RuleDto body) {
        return rules.replace(id, body.toDomain(), AdminActor.of(request))
                .<HttpResponse<?>>map(r -> HttpResponse.ok(linted(r)))
                .orElseGet(() -> notFound(id));
    }

    @Delete("/{id}")
    HttpResponse<?> delete(HttpRequest<?> request, long id) {
        return rules.delete(id, AdminActor.of(request)) ? HttpResponse.noContent() : notFound(id);
    }

    @Post("/{id}/enable")
    HttpResponse<?> enable(HttpRequest<?> request, long id) {
        return setEnabled(request, id, true);
    }

    @Post("/{id}/disable")
    HttpResponse<?> disable(HttpRequest<?> request, long id) {
        return setEnabled(request, id, false);
    }

    private HttpResponse<?> setEnabled(HttpRequest<?> request, long id, boolean enabled) {
        return rules.get(id).flatMap(r -> rules.replace(id, r.withEnabled(enabled), AdminActor.of(request)))
                .<HttpResponse<?>>map(r -> HttpResponse.ok(linted(r)))
                .orElseGet(() -> notFound(id));
    }

    /** Every version of the rule, oldest first: change, who, when, and the rule as it was. */
    @Get("/{id}/history")
    HttpResponse<?> history(long id) {
        List<VersionDto> versions = rules.history(id).stream()
                .map(v -> new VersionDto(v.version(), v.change(), v.changedBy(), v.changedAt(),
                        RuleDto.of(v.rule())))
                .toList();
        return versions.isEmpty() ? notFound(id) : HttpResponse.ok(versions);
    }

    /** Makes an old version current again (a deleted rule comes back under a new id). */
    @Post("/{id}/history/{version}/restore")
    HttpResponse<?> restore(HttpRequest<?> request, long id, int version) {
        return rules.restore(id, version, AdminActor.of(request))
                .<HttpResponse<?>>map(r -> HttpResponse.ok(linted(r)))
                .orElseGet(() -> HttpResponse.status(HttpStatus.NOT_FOUND)
                        .body(ApiErrors.of("rule " + id + " has no version " + version)));
    }

    /** The whole rule set as one document, for keeping rules in git; POST it to /api/rules/import. */
    @Get("/export")
    RuleSet export() {
        return new RuleSet(rules.list().stream().map(r -> RuleDto.of(r).withoutId()).toList());
    }

    /** Replaces the whole rule set, all or nothing; errors name the rule: {@code rules[3].match.value}. */
    @Post("/import")
    HttpResponse<?> importRules(HttpRequest<?> request, @Body RuleSet body) {
        List<RuleDto> incoming = body.rules() == null ? List.of() : body.rules();
        List<ReplyRule> parsed = new java.util.ArrayList<>();
        List<io.parley.domain.model.FieldError> problems = new java.util.ArrayList<>();
        for (int i = 0; i < incoming.size(); i++) {
            try {
                parsed.add(incoming.get(i).toDomain());
            } catch (InvalidRuleException e) {
                int index = i;
                e.errors().forEach(f -> problems.add(new io.parley.domain.model.FieldError(
                        "rules[" + index + "]." + f.field(), f.message())));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRuleException(problems);
        }
        List<ReplyRule> imported = rules.importAll(parsed, AdminActor.of(request));
        return HttpResponse.ok(new RuleSet(imported.stream().map(RuleDto::of).toList()));
    }

    /** Puts the rules in this order (priorities 10, 20, ...): {@code {"ids": [3, 1, 2]}} with every rule's id. */
    @Post("/reorder")
    HttpResponse<?> reorder(HttpRequest<?> request, @Body Reorder body) {
        try {
            return HttpResponse.ok(rules.reorder(body.ids() == null ? List.of() : body.ids(),
                    AdminActor.of(request)).stream().map(RuleDto::of).toList());
        } catch (IllegalArgumentException e) {
            return HttpResponse.badRequest(ApiErrors.of(e.getMessage()));
        }
    }

    /**
     * Runs the current rules, or the draft {@code rules} of the body, over the customer messages stored in
     * [{@code from}, {@code to}) and reports which would have been answered differently; sends nothing.
     */
    @Post("/replay")
    HttpResponse<?> replay(@Body ReplayRequest body) {
        Instant to = body.to() == null ? clock.instant() : body.to();
        Instant from = body.from() == null ? to.minus(java.time.Duration.ofDays(7)) : body.from();
        List<ReplyRule> draft = null;
        if (body.rules() != null) {
            draft = new java.util.ArrayList<>();
            for (RuleDto rule : body.rules()) {
                draft.add(rule.toDomain());
            }
        }
        return HttpResponse.ok(replay.replay(from, to, draft));
    }

    private RuleDto linted(ReplyRule rule) {
        return RuleDto.of(rule).withWarnings(rules.lint(rule.id()));
    }

    @Serdeable
    record VersionDto(int version, String change, String changedBy, Instant changedAt, RuleDto rule) {
    }

    @Serdeable
    record RuleSet(@Nullable List<RuleDto> rules) {
    }

    @Serdeable
    record Reorder(@Nullable List<Long> ids) {
    }

    @Serdeable
    record ReplayRequest(@Nullable Instant from, @Nullable Instant to, @Nullable List<RuleDto> rules) {
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
        ReplyRule draft = request.draft() == null ? null : request.draft().toDomain().withId(request.draftId());
        ManageReplyRulesUseCase.RuleTest test = rules.test(input, draft);
        boolean optedOut = optedOut(request);
        ConsentDto keyword = consentOf(request, optedOut);
        if (keyword != null && keyword.wins()) {
            // the keyword wins over every rule: the confirmation is the answer, the trace says what would have been
            return new TestResult(false, null, MessageDto.content(new OutboundContent.Text(keyword.reply())), first,
                    trace(test), null, keyword);
        }
        if (optedOut) {
            return new TestResult(false, null, null, first, trace(test), null, keyword != null ? keyword
                    : new ConsentDto("OPTED_OUT", null, false, true, null, "This customer opted out on this channel: "
                    + "no rule answers them until they opt in again."));
        }
        ReplyRule winner = test.winner() == null ? null : unsaved(test.winner());
        return new TestResult(winner != null, winner == null ? null : RuleDto.of(winner),
                test.reply() == null ? null : MessageDto.content(test.reply()), first,
                trace(test),
                test.waits() == null || !analysis.enabled() ? null : new AnalysisWaitDto(
                        test.waits().rule() == null ? null : test.waits().rule().id(), test.waits().why().name(),
                        test.waits().describe(), analysis.toDomain().upTo().toMillis(),
                        analysis.toDomain().always()), keyword);
    }

    /** The draft of a new rule has no id yet. */
    private static ReplyRule unsaved(ReplyRule rule) {
        return rule.id() != null && rule.id() == ManageReplyRulesUseCase.DRAFT_ID ? rule.withId(null) : rule;
    }

    private static List<TraceEntry> trace(ManageReplyRulesUseCase.RuleTest test) {
        return test.trace().stream().map(t -> new TraceEntry(unsaved(t.rule()).id(), t.rule().name(),
                t.rule().priority(),
                t.rule().match().type().name(), t.matched(), t.winner(), t.reason())).toList();
    }

    /**
     * What an opt-out or opt-in keyword does to this test message: an opt-out always wins; an opt-in only for a
     * customer who opted out on that channel (given as {@code from}, and {@code channelId} when they have several).
     */
    private ConsentDto consentOf(TestRequest request, boolean optedOut) {
        boolean plainText = request.buttonPayload() == null && request.listReplyId() == null
                && request.mediaType() == null;
        var match = plainText ? consent.match(request.text()) : java.util.Optional.<ConsentPolicy.Match>empty();
        if (match.isEmpty()) {
            return null;
        }
        boolean out = match.get().kind() == ConsentPolicy.Kind.OPT_OUT;
        boolean wins = out ? !optedOut : optedOut;
        String note = out ? (optedOut ? "This customer has opted out already: nothing is sent, and no rule answers."
                : "\"" + match.get().keyword() + "\" opts the customer out: they get this confirmation, then no rule, "
                + "flow or template message until they opt in again.")
                : optedOut ? "\"" + match.get().keyword() + "\" opts this customer in again: they get this "
                + "confirmation, and the rules answer them from now on."
                : "\"" + match.get().keyword() + "\" opts a customer in again only after they opted out; for "
                + "anyone else the rules answer it.";
        return new ConsentDto(match.get().kind().name(), match.get().keyword(), wins, optedOut,
                consent.reply(match.get().kind()), note);
    }

    /** Whether the test's customer ({@code from}) opted out on the channel (any of theirs when none is given). */
    private boolean optedOut(TestRequest request) {
        return request.from() != null && !request.from().isBlank()
                && conversations.conversations(request.from().strip(), 0, 1000).stream()
                .filter(c -> request.channelId() == null || c.channelId().equals(request.channelId().strip()))
                .anyMatch(Conversation::optedOut);
    }

    /**
     * @param kind     {@code OPT_OUT} or {@code OPT_IN} (a keyword), or {@code OPTED_OUT} (no keyword, a customer
     *                 who opted out)
     * @param wins     the keyword answers instead of the rules
     * @param optedOut the test's customer ({@code from}) has opted out on the channel
     */
    @Serdeable
    record ConsentDto(String kind, @Nullable String keyword, boolean wins, boolean optedOut, @Nullable String reply,
                      String note) {
    }

    /**
     * Why the answer would wait for the message's analysis: the rule that needs it, why ({@code INTENT},
     * {@code LANGUAGE_MATCH}, {@code LANGUAGE_CONDITION}, {@code VARIANTS}, {@code FLOW}) in words, for how long at
     * most, and whether on every channel ({@code false}: only on channels that sent an analysis in the last day).
     */
    @Serdeable
    record AnalysisWaitDto(@Nullable Long ruleId, String why, String reason, long upToMillis, boolean everyChannel) {
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

    /**
     * A message to test: text and/or button payload, list reply id, media type, detected language or intent, the
     * time it is written at; {@code draft} is a rule being edited (in place of rule {@code draftId}, or new), tested
     * as if saved.
     */
    @Serdeable
    record TestRequest(@Nullable String text, @Nullable String from, @Nullable String channelId,
                       @Nullable String buttonPayload, @Nullable String listReplyId, @Nullable String mediaType,
                       @Nullable Boolean firstMessage, @Nullable String language, @Nullable String intent,
                       @Nullable java.time.Instant at, @Nullable RuleDto draft, @Nullable Long draftId) {
    }

    /** {@code rule} and {@code reply} are null when no rule answers; {@code trace} has every enabled rule. */
    @Serdeable
    record TestResult(boolean matched, @Nullable RuleDto rule, @Nullable MessageDto.Content reply,
                      boolean firstMessage, List<TraceEntry> trace, @Nullable AnalysisWaitDto waitsForAnalysis,
                      @Nullable ConsentDto consent) {
    }

    @Serdeable
    record TraceEntry(@Nullable Long id, String name, int priority, String matchType, boolean matched, boolean winner,
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
