package io.parley.domain.port.out;

import io.parley.domain.model.InboundMessage;
import io.parley.domain.model.OutboundMessage;
import java.util.Optional;
import java.util.UUID;

/** Stored messages, both directions. */
public interface MessagePort {

    void saveInbound(InboundMessage message);

    void saveOutbound(OutboundMessage message);

    /** When rule {@code ruleId} last queued a reply in the conversation, if ever. */
    Optional<java.time.Instant> lastReplyOfRule(UUID conversationId, long ruleId);

    /** How many rule replies the conversation got since {@code since}. */
    int ruleRepliesSince(UUID conversationId, java.time.Instant since);

    /** The texts of the conversation's latest inbound messages, newest first. */
    java.util.List<String> latestInboundTexts(UUID conversationId, int limit);

    /** The outbound message, locked for update until the current transaction ends. */
    Optional<OutboundMessage> lockOutbound(UUID id);

    /** The outbound message ACS knows as {@code acsMessageId}, locked until the current transaction ends. */
    Optional<OutboundMessage> lockOutboundByAcsMessageId(String acsMessageId);

    /** Writes every field of an outbound message that changes after it was queued. */
    void updateOutbound(OutboundMessage message);
}
