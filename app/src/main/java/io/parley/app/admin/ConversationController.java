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
import io.parley.app.config.ChannelDirectory;
import io.parley.domain.model.ChannelName;
import io.parley.domain.model.Conversation;
import io.parley.domain.model.Message;
import io.parley.domain.port.out.ConversationSeenPort;
import io.parley.domain.port.out.ReplyRulePort;
import io.parley.domain.port.out.TransactionPort;
import io.parley.domain.service.AuditTrail;
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
    private final ChannelDirectory channels;
    private final ConversationSeenPort seen;
    private final TransactionPort transactions;
    private final AuditTrail audit;
    private final ReplyRulePort rules;

    ConversationController(ConversationQueries queries, StatusHistoryPort history, StatusReportPort reports,
                           SendAgentMessageUseCase agentMessages, ReleaseConversationUseCase release,
                           FallbackTemplates fallbackTemplates, io.parley.domain.port.in.ManageFlowsUseCase flows,
                           Clock clock, ChannelDirectory channels, ConversationSeenPort seen,
                           TransactionPort transactions, AuditTrail audit, ReplyRulePort rules) {
        this.rules = rules;
        this.channels = channels;
        this.seen = seen;
        this.transactions = transactions;
        this.audit = audit;
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
                           boolean optedOut, @Nullable Instant optedOutAt, @Nullable String channelName,
                           @Nullable Instant awaitingReplySince, @Nullable LastMessageDto lastMessage,
                           @Nullable Integer unread) {
    }

    /**
     * The conversation's latest message, as the inbox previews it.
     *
     * @param status an outbound message's delivery status (null for the customer's)
     */
    @Serdeable
    record LastMessageDto(String direction, @Nullable String text, Instant at, @Nullable String status,
                          @Nullable String origin, @Nullable String sentBy) {

        static LastMessageDto of(Message m) {
            if (m == null) {
                return null;
            }
            if (m instanceof OutboundMessage out) {
                return new LastMessageDto("OUTBOUND", out.text(), out.createdAt(), out.status().name(),
                        out.origin().name(), out.sentBy());
            }
            return new LastMessageDto("INBOUND", m.text(), m.createdAt(), null, null, null);
        }
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
        return dto(c, null, null, channels.names());
    }

    private ConversationDto dto(Conversation c, Message last, Integer unread, Map<String, ChannelName> names) {
        Instant now = clock.instant();
        boolean paused = c.botPaused(now);
        ChannelName name = names.get(c.channelId());
        return new ConversationDto(c.id(), c.channelId(), c.customerId(), c.createdAt(), c.lastMessageAt(),
                c.lastInboundAt(), paused ? c.botPausedUntil() : null, paused ? c.botPausedReason() : null,
                c.customerServiceWindowOpen(now),
                c.lastInboundAt() == null ? null : c.lastInboundAt().plus(Conversation.CUSTOMER_SERVICE_WINDOW),
                fallbackTemplates.forChannel(c.channelId()).map(MessageDto::content).orElse(null),
                FlowStateDto.of(c.flow()), c.optedOut(), c.optedOutAt(), name == null ? null : name.name(),
                c.awaitingReplySince(), LastMessageDto.of(last), unread);
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

    /** The names of the inbox's filters in the API, and what they narrow the list to. */
    static final Map<String, ConversationQueries.InboxFilter> FILTERS = Map.of(
            "waiting", ConversationQueries.InboxFilter.WAITING, "flow", ConversationQueries.InboxFilter.IN_FLOW,
            "optedOut", ConversationQueries.InboxFilter.OPTED_OUT, "failed", ConversationQueries.InboxFilter.FAILED);

    /**
     * Newest first, each with its latest message ({@code lastMessage}) and the customer's messages the caller has
     * not seen ({@code unread}, see {@code POST /conversations/{id}/seen}). Narrowed by {@code customerId} (exactly),
     * {@code search} (text the customer id or any message contains), {@code channelId} and {@code filter}: any of
     * {@code waiting} (a person has it and the customer waits), {@code flow}, {@code optedOut} and {@code failed}
     * (a message to the customer failed in the last 7 days), comma-separated; all must hold.
     */
    @Get("/conversations")
    HttpResponse<?> conversations(HttpRequest<?> request, @QueryValue @Nullable String customerId,
                                  @QueryValue @Nullable String search, @QueryValue @Nullable String channelId,
                                  @QueryValue @Nullable String filter,
                                  @QueryValue(defaultValue = "0") int offset,
                                  @QueryValue(defaultValue = "100") int limit) {
        java.util.Set<ConversationQueries.InboxFilter> filters = java.util.EnumSet.noneOf(
                ConversationQueries.InboxFilter.class);
        if (filter != null) {
            for (String name : filter.split(",")) {
                if (name.isBlank()) {
                    continue;
                }
                ConversationQueries.InboxFilter known = FILTERS.get(name.strip());
                if (known == null) {
                    return HttpResponse.badRequest(ApiErrors.of("the query is not valid", List.of(
                            new io.parley.domain.model.FieldError("filter", "must be one or more of waiting, flow, "
                                    + "optedOut, failed"))));
                }
                filters.add(known);
            }
        }
        ConversationQueries.InboxQuery query = new ConversationQueries.InboxQuery(blankless(customerId),
                blankless(search), filters, blankless(channelId), AdminActor.of(request), clock.instant());
        Map<String, ChannelName> names = channels.names();
        return HttpResponse.ok(queries.inbox(query, Math.max(0, offset), Math.max(1, Math.min(limit, 1000)))
                .stream().map(e -> dto(e.conversation(), e.last(), e.unread(), names)).toList());
    }

    private static String blankless(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** The caller has seen the conversation as it is now: its customer's messages so far are no longer unread. */
    @Post("/conversations/{id}/seen")
    HttpResponse<?> seen(HttpRequest<?> request, UUID id) {
        boolean known = transactions.inTransaction(() -> seen.seen(id, AdminActor.of(request), clock.instant()));
        return known ? HttpResponse.noContent() : notFound("conversation", id);
    }

    /**
     * The conversation and its messages as a file: {@code format=json} (the default: the conversation as the API
     * shows it, with every message) or {@code format=csv} (one line per message, for a spreadsheet). Recorded in
     * the audit log, as a customer's data leaves Parley.
     */
    @Get("/conversations/{id}/export")
    HttpResponse<?> export(HttpRequest<?> request, UUID id, @QueryValue @Nullable String format) {
        String kind = format == null || format.isBlank() ? "json" : format.strip().toLowerCase(java.util.Locale.ROOT);
        if (!kind.equals("json") && !kind.equals("csv")) {
            return HttpResponse.badRequest(ApiErrors.of("the query is not valid", List.of(
                    new io.parley.domain.model.FieldError("format", "must be json or csv"))));
        }
        java.util.Optional<Conversation> found = queries.conversation(id);
        if (found.isEmpty()) {
            return notFound("conversation", id);
        }
        List<Message> messages = queries.messages(id);
        transactions.inTransaction(() -> {
            audit.record(AdminActor.of(request), io.parley.domain.model.AuditAction.CONVERSATION_EXPORTED,
                    "conversation " + id, messages.size() + " messages as " + kind);
            return null;
        });
        String file = "parley-conversation-" + id + "." + kind;
        if (kind.equals("csv")) {
            Map<Long, String> ruleNames = new java.util.HashMap<>();
            rules.findAll().forEach(r -> ruleNames.put(r.id(), r.name()));
            return HttpResponse.ok(ConversationCsv.of(found.get(), messages, ruleNames))
                    .contentType("text/csv; charset=utf-8")
                    .header("Content-Disposition", "attachment; filename=\"" + file + "\"");
        }
        return HttpResponse.ok(new ConversationExport(dto(found.get()), messages.stream().map(MessageDto::of)
                        .toList()))
                .header("Content-Disposition", "attachment; filename=\"" + file + "\"");
    }

    @Serdeable
    record ConversationExport(ConversationDto conversation, List<MessageDto> messages) {
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
