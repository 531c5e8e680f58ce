package io.parley.domain.model;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * What a customer wrote, as received through one event.
 *
 * @param eventId    the Event Grid event that carried it (unique: one message per event)
 * @param receivedAt when ACS received it from WhatsApp
 * @param createdAt  when Parley stored it
 * @param analysis   what ACS's analysis found in it, once known; null before
 * @param choice     the option of an earlier offer that it picked (a tap, or a typed number, id or title), or null
 * @param hold       whether and how its answer waited (for its analysis, or behind an earlier message); null when
 *                   it was answered at once
 * @param answer     how Parley answered it; null while its answer waits (or for messages from before this was kept)
 */
public record InboundMessage(UUID id, UUID conversationId, String eventId, InboundContent content,
                             Instant receivedAt, Instant createdAt, MessageAnalysis analysis,
                             OfferChoice choice, AnswerHold hold, AnswerKind answer) implements Message {

    public InboundMessage(UUID id, UUID conversationId, String eventId, InboundContent content, Instant receivedAt,
                          Instant createdAt, MessageAnalysis analysis, OfferChoice choice, AnswerHold hold) {
        this(id, conversationId, eventId, content, receivedAt, createdAt, analysis, choice, hold, null);
    }

    public InboundMessage(UUID id, UUID conversationId, String eventId, InboundContent content, Instant receivedAt,
                          Instant createdAt, MessageAnalysis analysis, OfferChoice choice) {
        this(id, conversationId, eventId, content, receivedAt, createdAt, analysis, choice, null);
    }

    public InboundMessage(UUID id, UUID conversationId, String eventId, InboundContent content, Instant receivedAt,
                          Instant createdAt, MessageAnalysis analysis) {
        this(id, conversationId, eventId, content, receivedAt, createdAt, analysis, null);
    }

    public InboundMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    @Override
    public MessageDirection direction() {
        return MessageDirection.INBOUND;
    }

    @Override
    public String text() {
        return content.displayText();
    }

    public InboundMessage withAnalysis(MessageAnalysis found) {
        return new InboundMessage(id, conversationId, eventId, content, receivedAt, createdAt, found, choice, hold,
                answer);
    }

    public InboundMessage withHold(AnswerHold how) {
        return new InboundMessage(id, conversationId, eventId, content, receivedAt, createdAt, analysis, choice, how,
                answer);
    }

    public InboundMessage withChoice(OfferChoice picked) {
        return new InboundMessage(id, conversationId, eventId, content, receivedAt, createdAt, analysis, picked, hold,
                answer);
    }

    public InboundMessage answered(AnswerKind how) {
        return new InboundMessage(id, conversationId, eventId, content, receivedAt, createdAt, analysis, choice, hold,
                how);
    }
}
