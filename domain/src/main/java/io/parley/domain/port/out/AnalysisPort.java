package io.parley.domain.port.out;

import io.parley.domain.model.Conversation;
import io.parley.domain.model.InboundMessage;
import io.parley.domain.model.MessageAnalysis;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/** Analyses of customer messages, attached to their message or kept until it is known. */
public interface AnalysisPort {

    /**
     * The inbound message of {@code conversation} whose text is {@code text}, received nearest to the analysis
     * time and no further from it than {@code window}; empty when there is none.
     */
    Optional<UUID> findAnalysed(Conversation conversation, String text, java.time.Instant near, Duration window);

    /** Stores the analysis, attached to {@code messageId} or, when that is null, kept for the channel and customer. */
    void save(MessageAnalysis analysis, String channelId, String customerId, UUID conversationId, UUID messageId);

    /**
     * Attaches analyses kept for this conversation's channel and customer whose text is the message's text. An
     * analysis that arrived before its message is attached this way, in the receiving transaction, and that is
     * when the rules can use its language and intent.
     *
     * @return the latest analysis it attached, if any
     */
    Optional<MessageAnalysis> attachWaiting(Conversation conversation, InboundMessage message);
}
