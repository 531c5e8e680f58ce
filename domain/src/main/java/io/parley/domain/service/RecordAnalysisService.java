package io.parley.domain.service;

import io.parley.domain.model.Conversation;
import io.parley.domain.model.MessageAnalysis;
import io.parley.domain.port.in.RecordAnalysisCommand;
import io.parley.domain.port.out.AnalysisPort;
import io.parley.domain.port.out.ConversationPort;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * The analysis event names no message id, so its message is found the way a person would: same conversation, same
 * text, the one received nearest to the analysis.
 */
public final class RecordAnalysisService {

    static final String EVENT_KIND = "MessageAnalysis";
    /** How far apart in time an analysis and its message may be. */
    static final Duration WINDOW = Duration.ofHours(24);

    private final ConversationPort conversations;
    private final AnalysisPort analyses;
    private final AnalysisChannels channels;
    private final Clock clock;

    public RecordAnalysisService(ConversationPort conversations,
                                 AnalysisPort analyses, Clock clock) {
        this(conversations, analyses, new AnalysisChannels(analyses), clock);
    }

    public RecordAnalysisService(ConversationPort conversations, AnalysisPort analyses, AnalysisChannels channels,
                                 Clock clock) {
        this.conversations = conversations;
        this.analyses = analyses;
        this.channels = channels;
        this.clock = clock;
    }

    /**
     * An analysis stored: the conversation as it was read (not locked) and the message it was attached to, both
     * null when not known.
     */
    record Recorded(Conversation conversation, UUID messageId) {
    }

    /**
     * Stores an analysis whose event was just recorded as new, inside the caller's transaction, and notes that its
     * channel sends analyses.
     */
    Recorded takeIn(RecordAnalysisCommand command) {
        MessageAnalysis analysis = command.analysis();
        channels.analysed(command.channelId(), clock.instant());
        Optional<Conversation> conversation = conversations.find(command.channelId(), command.customerId());
        Optional<UUID> message = conversation.flatMap(c -> analysis.originalMessage() == null ? Optional.empty()
                : analyses.findAnalysed(c, analysis.originalMessage(), analysis.receivedAt(), WINDOW));
        analyses.save(analysis, command.channelId(), command.customerId(),
                conversation.map(Conversation::id).orElse(null), message.orElse(null));
        return new Recorded(conversation.orElse(null), message.orElse(null));
    }
}
