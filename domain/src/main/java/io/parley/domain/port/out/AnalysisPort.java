package io.parley.domain.port.out;

import io.parley.domain.model.Conversation;
import io.parley.domain.model.ConversationKey;
import io.parley.domain.model.MessageAnalysis;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Analyses of customer messages, attached to their message or kept until it is known. */
public interface AnalysisPort {

    /** An analysis kept because its message was not known when it came. */
    record WaitingAnalysis(long id, ConversationKey key, MessageAnalysis analysis) {
    }

    /**
     * The inbound message of {@code conversation} whose text is {@code text}, received nearest to the analysis
     * time and no further from it than {@code window}; empty when there is none.
     */
    Optional<UUID> findAnalysed(Conversation conversation, String text, java.time.Instant near, Duration window);

    /** Stores the analysis, attached to {@code messageId} or, when that is null, kept for the channel and customer. */
    void save(MessageAnalysis analysis, String channelId, String customerId, UUID conversationId, UUID messageId);

    /** The analyses kept for these channels and customers, oldest first. */
    List<WaitingAnalysis> waitingFor(Collection<ConversationKey> keys);

    /** Attaches the kept analysis {@code analysisId} to an inbound message of {@code conversationId}. */
    record Attachment(long analysisId, UUID conversationId, UUID messageId) {
    }

    /** Attaches kept analyses to the messages they analysed, in the current transaction. */
    void attachAll(List<Attachment> attachments);

    /** Records that {@code channelId} sent an analysis at {@code at} (the latest is kept), in the transaction. */
    void channelAnalysed(String channelId, java.time.Instant at);

    /** When {@code channelId} last sent an analysis, if it ever did. */
    Optional<java.time.Instant> lastAnalysisAt(String channelId);
}
