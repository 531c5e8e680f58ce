package io.parley.app.admin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Post;
import io.parley.domain.model.Conversation;
import io.parley.domain.model.MessageDirection;
import io.parley.domain.model.OutboundContent;
import io.parley.domain.model.OutboundMessage;
import io.parley.domain.model.RuleReply;
import io.parley.domain.port.in.ReleaseConversationUseCase;
import io.parley.domain.port.in.SendAgentMessageCommand;
import io.parley.domain.port.in.SendAgentMessageUseCase;
import io.parley.domain.port.out.FallbackTemplates;
import io.parley.domain.port.out.StatusHistoryPort;
import io.parley.domain.port.out.StatusReportPort;
import java.time.Clock;
import java.net.URI;
import io.parley.domain.port.out.ConversationQueries;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Read-only views of conversations and their messages: straight to the query port, no use case needed. */
@Controller("/api")
// JDBC blocks: keep it off the Netty event loop
@ExecuteOn(TaskExecutors.BLOCKING)
class ConversationController {

    private final ConversationQueries queries;
    private final StatusHistoryPort history;
    private final StatusReportPort reports;
    private final SendAgentMessageUseCase agentMessages;
    private final ReleaseConversationUseCase release;
    private final FallbackTemplates fallbackTemplates;
    private final io.parley.domain.port.in.ManageFlowsUseCase flows;

    private final Clock clock;

    ConversationController(ConversationQueries queries, StatusHistoryPort history, StatusReportPort reports,
                           SendAgentMessageUseCase agentMessages, ReleaseConversationUseCase release,
                           FallbackTemplates fallbackTemplates, io.parley.domain.port.in.ManageFlowsUseCase flows,
                           Clock clock) {
        this.flows = flows;
        this.clock = clock;
        this.fallbackTemplates = fallbackTemplates;
        this.release = release;
        this.queries = queries;
        this.history = history;
        this.reports = reports;
        this.agentMessages = agentMessages;
    }

    /**
     * {@code botPausedUntil}/{@code botPausedReason}: the bot is silent here (HANDOFF, FLOOD or LOOP).
     * {@code windowOpen}: free-form messages may go out (the customer wrote within 24 hours, until
     * {@code windowClosesAt}); {@code fallbackTemplate}: the approved template configured for the channel, which
     * is what an agent can send while the window is closed.
     */
    @Serdeable
    record ConversationDto(UUID id, String channelId, String customerId, Instant createdAt, Instant lastMessageAt,
                           @Nullable Instant lastInboundAt, @Nullable Instant botPausedUntil,
                           @Nullable String botPausedReason, boolean windowOpen, @Nullable Instant windowClosesAt,
                           @Nullable MessageDto.Content fallbackTemplate, @Nullable FlowStateDto flow,
                           boolean optedOut, @Nullable Instant optedOutAt) {
    }

    /** Where the conversation is in a flow: the flow and its version, the step it waits at, what it remembers. */
    @Serdeable
    record FlowStateDto(long flowId, int version, String step, String status, Map<String, String> variables,
                        Instant waitingSince, @Nullable Instant expiresAt) {

        static FlowStateDto of(io.parley.domain.model.FlowSession s) {
            return s == null ? null : new FlowStateDto(s.flowId(), s.version(), s.step(), s.status().name(),
                    s.variables(), s.waitingSince(), s.expiresAt());
        }
    }

    private ConversationDto dto(Conversation c) {
        Instant now = clock.instant();
        boolean paused = c.botPaused(now);
        return new ConversationDto(c.id(), c.channelId(), c.customerId(), c.createdAt(), c.lastMessageAt(),
                c.lastInboundAt(), paused ? c.botPausedUntil() : null, paused ? c.botPausedReason() : null,
                c.customerServiceWindowOpen(now),
                c.lastInboundAt() == null ? null : c.lastInboundAt().plus(Conversation.CUSTOMER_SERVICE_WINDOW),
                fallbackTemplates.forChannel(c.channelId()).map(MessageDto::content).orElse(null),
                FlowStateDto.of(c.flow()), c.optedOut(), c.optedOutAt());
    }

    /** Lets the bot answer again in a conversation it was silent in (after a handoff, a flood or a loop). */
    /** Ends the conversation's flow: its next message goes to the rules. 404 when it is in none. */
    @Post("/conversations/{id}/flow/cancel")
    HttpResponse<?> cancelFlow(HttpRequest<?> request, UUID id) {
        if (!flows.cancel(id, AdminActor.of(request))) {
            return HttpResponse.status(HttpStatus.NOT_FOUND).body(ApiErrors.of("conversation " + id
                    + " is in no flow"));
        }
        return HttpResponse.noContent();
    }

    @Post("/conversations/{id}/release")
    HttpResponse<?> release(HttpRequest<?> request, UUID id) {
        if (!release.release(id, AdminActor.of(request))) {
            return notFound("conversation", id);
        }
        return HttpResponse.ok(dto(queries.conversation(id).orElseThrow()));
    }

    /** Newest first; {@code customerId} exactly, or {@code search}: customer ids containing that text. */
    @Get("/conversations")
    List<ConversationDto> conversations(@QueryValue @Nullable String customerId,
                                        @QueryValue @Nullable String search,
                                        @QueryValue(defaultValue = "0") int offset,
                                        @QueryValue(defaultValue = "100") int limit) {
        String customer = customerId == null || customerId.isBlank() ? null : customerId.strip();
        int from = Math.max(0, offset);
        int size = Math.max(1, Math.min(limit, 1000));
        List<Conversation> found = customer == null && search != null && !search.isBlank()
                ? queries.searchConversations(search.strip(), from, size)
                : queries.conversations(customer, from, size);
        return found.stream()
                .map(this::dto)
                .toList();
    }

    @Get("/conversations/{id}")
    HttpResponse<?> conversation(UUID id) {
        return queries.conversation(id).<HttpResponse<?>>map(c -> HttpResponse.ok(dto(c)))
                .orElseGet(() -> notFound("conversation", id));
    }

    /** Oldest first. */
    @Get("/conversations/{id}/messages")
    HttpResponse<?> messages(UUID id) {
        if (queries.conversation(id).isEmpty()) {
            return notFound("conversation", id);
        }
        return HttpResponse.ok(queries.messages(id).stream().map(MessageDto::of).toList());
    }

    /** One message; an outbound one with its status history. */
    @Get("/messages/{id}")
    HttpResponse<?> message(UUID id) {
        return queries.message(id).<HttpResponse<?>>map(m -> HttpResponse.ok(
                        m.direction() == MessageDirection.OUTBOUND ? MessageDto.of(m).withHistory(history.history(id))
                                : MessageDto.of(m)))
                .orElseGet(() -> notFound("message", id));
    }

    /**
     * An agent writes to the customer: {@code {"text": "..."}}, {@code {"media": {"url", "caption"}}} or
     * {@code {"template": {"name", "language", "parameters"}}}. Text or media with a template: the template is
     * sent instead when the customer service window is closed. 201 with the queued message; 409 when the window
     * is closed and no template was given.
     */
    @Post("/conversations/{id}/messages")
    HttpResponse<?> send(HttpRequest<?> request, UUID id, @Body AgentMessage body) {
        OutboundContent.Template template = body.template() == null ? null : body.template().toDomain();
        OutboundContent content = body.text() != null && !body.text().isBlank()
                ? new OutboundContent.Text(body.text())
                : body.media() != null ? new OutboundContent.Media(body.media().url(), body.media().caption())
                : template;
        if (content == null) {
            return HttpResponse.badRequest(ApiErrors.of("a message needs text, media or a template"));
        }
        if (content instanceof OutboundContent.Text t && t.text().length() > RuleReply.MAX_TEXT_LENGTH) {
            return HttpResponse.badRequest(ApiErrors.of("text must be at most " + RuleReply.MAX_TEXT_LENGTH
                    + " characters"));
        }
        try {
            OutboundMessage queued = agentMessages.send(new SendAgentMessageCommand(id, content,
                    content == template ? null : template, AdminActor.of(request)));
            return HttpResponse.created(MessageDto.of(queued), URI.create("/api/messages/" + queued.id()));
        } catch (SendAgentMessageUseCase.UnknownConversationException e) {
            return notFound("conversation", id);
        } catch (SendAgentMessageUseCase.OptedOutException e) {
            return HttpResponse.status(HttpStatus.CONFLICT).body(Map.of("error", e.getMessage(), "code", "OPTED_OUT",
                    "optedOutAt", e.since().toString()));
        } catch (SendAgentMessageUseCase.WindowClosedException e) {
            return HttpResponse.status(HttpStatus.CONFLICT).body(ApiErrors.of(e.getMessage()
                    + "; send a template (\"template\": {\"name\", \"language\"})"));
        } catch (IllegalArgumentException e) {
            return HttpResponse.badRequest(ApiErrors.of(e.getMessage()));
        }
    }

    @Serdeable
    record AgentMessage(@Nullable String text, @Nullable MediaBody media, @Nullable TemplateBody template) {
    }

    @Serdeable
    record MediaBody(String url, @Nullable String caption) {
    }

    @Serdeable
    record TemplateBody(String name, @Nullable String language, @Nullable List<String> parameters) {

        OutboundContent.Template toDomain() {
            return new OutboundContent.Template(name, language == null ? "en" : language, parameters);
        }
    }

    /** Status reports for ACS message ids Parley does not know (yet), newest first. */
    @Get("/status-reports")
    List<StatusReportDto> keptStatusReports(@QueryValue(defaultValue = "0") int offset,
                                            @QueryValue(defaultValue = "100") int limit) {
        return reports.kept(Math.max(0, offset), Math.max(1, Math.min(limit, 1000))).stream()
                .map(r -> new StatusReportDto(r.eventId(), r.acsMessageId(), r.status().name(), r.errorCode(),
                        r.errorMessage(), r.reportedAt()))
                .toList();
    }

    @Serdeable
    record StatusReportDto(String eventId, String acsMessageId, String status, @Nullable String errorCode,
                           @Nullable String errorMessage, Instant reportedAt) {
    }

    private static HttpResponse<ApiErrors> notFound(String what, UUID id) {
        return HttpResponse.<ApiErrors>status(HttpStatus.NOT_FOUND).body(ApiErrors.of("no " + what + " with id " + id));
    }
}
