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
    private final Clock clock;

    public RecordAnalysisService(ConversationPort conversations,
                                 AnalysisPort analyses, Clock clock) {
        this.conversations = conversations;
        this.analyses = analyses;
        this.clock = clock;
    }

    /** Stores an analysis whose event was just recorded as new, inside the caller's transaction. */
    void takeIn(RecordAnalysisCommand command) {
        MessageAnalysis analysis = command.analysis();
        Optional<Conversation> conversation = conversations.find(command.channelId(), command.customerId());
        Optional<UUID> message = conversation.flatMap(c -> analysis.originalMessage() == null ? Optional.empty()
                : analyses.findAnalysed(c, analysis.originalMessage(), analysis.receivedAt(), WINDOW));
        analyses.save(analysis, command.channelId(), command.customerId(),
                conversation.map(Conversation::id).orElse(null), message.orElse(null));
    }
}
