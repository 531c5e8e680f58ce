package io.parley.app.admin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.serde.annotation.Serdeable;
import io.parley.domain.model.Conversation;
import io.parley.domain.port.out.ConversationQueries;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Read-only views of conversations and their messages: straight to the query port, no use case needed. */
@Controller("/api")
// JDBC blocks: keep it off the Netty event loop
@ExecuteOn(TaskExecutors.BLOCKING)
class ConversationController {

    private final ConversationQueries queries;

    ConversationController(ConversationQueries queries) {
        this.queries = queries;
    }

    @Serdeable
    record ConversationDto(UUID id, String channelId, String customerId, Instant createdAt, Instant lastMessageAt) {

        static ConversationDto of(Conversation c) {
            return new ConversationDto(c.id(), c.channelId(), c.customerId(), c.createdAt(), c.lastMessageAt());
        }
    }

    /** Newest first. */
    @Get("/conversations")
    List<ConversationDto> conversations(@QueryValue @Nullable String customerId,
                                        @QueryValue(defaultValue = "0") int offset,
                                        @QueryValue(defaultValue = "100") int limit) {
        String customer = customerId == null || customerId.isBlank() ? null : customerId.strip();
        return queries.conversations(customer, Math.max(0, offset), Math.max(1, Math.min(limit, 1000))).stream()
                .map(ConversationDto::of)
                .toList();
    }

    @Get("/conversations/{id}")
    HttpResponse<?> conversation(UUID id) {
        return queries.conversation(id).<HttpResponse<?>>map(c -> HttpResponse.ok(ConversationDto.of(c)))
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

    @Get("/messages/{id}")
    HttpResponse<?> message(UUID id) {
        return queries.message(id).<HttpResponse<?>>map(m -> HttpResponse.ok(MessageDto.of(m)))
                .orElseGet(() -> notFound("message", id));
    }

    private static HttpResponse<ApiErrors> notFound(String what, UUID id) {
        return HttpResponse.<ApiErrors>status(HttpStatus.NOT_FOUND).body(ApiErrors.of("no " + what + " with id " + id));
    }
}
