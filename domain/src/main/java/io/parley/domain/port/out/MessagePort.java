package io.parley.domain.port.out;

import io.parley.domain.model.InboundMessage;
import io.parley.domain.model.Message;
import io.parley.domain.model.OutboundMessage;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Stored messages, both directions. */
public interface MessagePort {

    /** Stores new messages, in the order given, in the current transaction; queued outbound ones join the outbox. */
    void saveAll(List<? extends Message> messages);

    default void saveInbound(InboundMessage message) {
        saveAll(List.of(message));
    }

    default void saveOutbound(OutboundMessage message) {
        saveAll(List.of(message));
    }

    /** The inbound messages with these ids that exist, each with its latest analysis (or none). */
    Map<UUID, InboundMessage> inbound(Collection<UUID> ids);

    /**
     * Records, in the current transaction, whether and how these inbound messages' answers waited ({@code holds})
     * and how they were answered ({@code answers}); a message may be in either or both.
     */
    void markAnswers(Map<UUID, io.parley.domain.model.AnswerHold> holds,
                     Map<UUID, io.parley.domain.model.AnswerKind> answers);

    /** When rule {@code ruleId} last queued a reply in the conversation, if ever. */
    Optional<Instant> lastReplyOfRule(UUID conversationId, long ruleId);

    /** The outbound messages with these ids, locked for update until the current transaction ends. */
    Map<UUID, OutboundMessage> lockOutbound(Collection<UUID> ids);

    default Optional<OutboundMessage> lockOutbound(UUID id) {
        return Optional.ofNullable(lockOutbound(List.of(id)).get(id));
    }

    /** The outbound messages ACS knows by these ids, by ACS id, locked until the current transaction ends. */
    Map<String, OutboundMessage> lockOutboundByAcsMessageIds(Collection<String> acsMessageIds);

    /** The outbound messages ACS knows by these ids, by ACS id, as stored (not locked). */
    Map<String, OutboundMessage> findOutboundByAcsMessageIds(Collection<String> acsMessageIds);

    default Optional<OutboundMessage> lockOutboundByAcsMessageId(String acsMessageId) {
        return Optional.ofNullable(lockOutboundByAcsMessageIds(List.of(acsMessageId)).get(acsMessageId));
    }

    /**
     * Writes every field of these outbound messages that changes after they were queued, in one go (their place in
     * the outbox is {@link OutboxPort}'s).
     */
    void updateOutboundAll(Collection<OutboundMessage> messages);

    default void updateOutbound(OutboundMessage message) {
        updateOutboundAll(List.of(message));
    }
}
