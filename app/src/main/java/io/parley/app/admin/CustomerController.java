package io.parley.app.admin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.parley.domain.model.ConsentChange;
import io.parley.domain.model.Conversation;
import io.parley.domain.port.in.CustomerPrivacyUseCase;
import io.parley.domain.port.out.ConsentPort;
import io.parley.domain.port.out.CustomerDataPort;
import io.parley.domain.port.out.ConversationQueries;
import io.parley.domain.port.out.TransactionPort;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One customer ({@code ADMIN}): what is stored about them and their consent, a copy of all of it, or all of it
 * erased. A customer is named by their id as the channel gives it (a phone number or a WhatsApp user id).
 */
@Controller("/api/customers")
@ExecuteOn(TaskExecutors.BLOCKING)
class CustomerController {

    private final ConversationQueries conversations;
    private final ConsentPort consent;
    private final CustomerPrivacyUseCase privacy;
    private final TransactionPort transactions;
    private final CustomerDataPort data;

    CustomerController(ConversationQueries conversations, ConsentPort consent, CustomerPrivacyUseCase privacy,
                       TransactionPort transactions, CustomerDataPort data) {
        this.data = data;
        this.conversations = conversations;
        this.consent = consent;
        this.privacy = privacy;
        this.transactions = transactions;
    }

    /** A conversation of the customer, as the summary lists it. */
    @Serdeable
    record CustomerConversation(UUID id, String channelId, Instant createdAt, Instant lastMessageAt,
                                boolean optedOut, @Nullable Instant optedOutAt) {
    }

    @Serdeable
    record ConsentEntry(String channelId, boolean optedOut, Instant at, @Nullable UUID messageId, String keyword,
                        String source) {
    }

    /**
     * @param optedOut whether they opted out on any channel ({@code since}: the earliest of those)
     */
    @Serdeable
    record Consent(boolean optedOut, @Nullable Instant since, List<ConsentEntry> history) {
    }

    /** @param stored the rows an erasure would delete now, by table ({@code message}, {@code media_download}, ...) */
    @Serdeable
    record CustomerDto(String customerId, List<CustomerConversation> conversations, Consent consent,
                       Map<String, Integer> stored) {
    }

    @Get("/{customerId}")
    HttpResponse<?> get(String customerId) {
        List<Conversation> found = conversations.conversations(customerId, 0, 1000);
        List<ConsentChange> history = transactions.inTransaction(() -> consent.history(customerId));
        if (found.isEmpty() && history.isEmpty()) {
            return notFound(customerId);
        }
        Instant since = found.stream().filter(Conversation::optedOut).map(Conversation::optedOutAt)
                .min(Instant::compareTo).orElse(null);
        return HttpResponse.ok(new CustomerDto(customerId, found.stream().map(c -> new CustomerConversation(c.id(),
                c.channelId(), c.createdAt(), c.lastMessageAt(), c.optedOut(), c.optedOutAt())).toList(),
                new Consent(since != null, since, history.stream().map(h -> new ConsentEntry(h.channelId(),
                        h.optedOut(), h.at(), h.messageId(), h.keyword(), h.source())).toList()),
                transactions.inTransaction(() -> data.count(customerId))));
    }

    /** Everything stored about the customer, as one JSON document (a download). */
    @Get(value = "/{customerId}/export", produces = MediaType.APPLICATION_JSON)
    HttpResponse<?> export(HttpRequest<?> request, String customerId) {
        return privacy.export(customerId, AdminActor.of(request))
                .<HttpResponse<?>>map(document -> HttpResponse.ok(document).header("Content-Disposition",
                        "attachment; filename=\"parley-customer-export.json\""))
                .orElseGet(() -> notFound(customerId));
    }

    /** Erases everything stored about the customer; answers what went, by table. */
    @Delete("/{customerId}")
    HttpResponse<?> erase(HttpRequest<?> request, String customerId) {
        return privacy.erase(customerId, AdminActor.of(request))
                .<HttpResponse<?>>map(rows -> HttpResponse.ok(Map.of("customerId", customerId, "erased", rows)))
                .orElseGet(() -> notFound(customerId));
    }

    private static HttpResponse<ApiErrors> notFound(String customerId) {
        return HttpResponse.status(HttpStatus.NOT_FOUND).body(ApiErrors.of("nothing is stored about customer "
                + customerId));
    }
}
