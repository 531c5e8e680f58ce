package io.parley.domain.service;

import io.parley.domain.model.Conversation;
import io.parley.domain.model.MessageAnalysis;
import io.parley.domain.port.in.RecordAnalysisCommand;
import io.parley.domain.port.in.RecordAnalysisUseCase;
import io.parley.domain.port.out.AnalysisPort;
import io.parley.domain.port.out.ConversationPort;
import io.parley.domain.port.out.EventLogPort;
import io.parley.domain.port.out.TransactionPort;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * The analysis event names no message id, so its message is found the way a person would: same conversation, same
 * text, the one received nearest to the analysis.
 */
public final class RecordAnalysisService implements RecordAnalysisUseCase {

    static final String EVENT_KIND = "MessageAnalysis";
    /** How far apart in time an analysis and its message may be. */
    static final Duration WINDOW = Duration.ofHours(24);

    private final TransactionPort transactions;
    private final EventLogPort events;
    private final ConversationPort conversations;
    private final AnalysisPort analyses;
    private final Clock clock;

    public RecordAnalysisService(TransactionPort transactions, EventLogPort events, ConversationPort conversations,
                                 AnalysisPort analyses, Clock clock) {
        this.transactions = transactions;
        this.events = events;
        this.conversations = conversations;
        this.analyses = analyses;
        this.clock = clock;
    }

    @Override
    public Outcome record(RecordAnalysisCommand command) {
        return transactions.inTransaction(() -> events.recordIfNew(command.eventId(), EVENT_KIND, clock.instant())
                ? takeIn(command) : Outcome.DUPLICATE);
    }

    /** Stores an analysis whose event was just recorded as new, inside the caller's transaction. */
    Outcome takeIn(RecordAnalysisCommand command) {
        MessageAnalysis analysis = command.analysis();
        Optional<Conversation> conversation = conversations.find(command.channelId(), command.customerId());
        Optional<UUID> message = conversation.flatMap(c -> analysis.originalMessage() == null ? Optional.empty()
                : analyses.findAnalysed(c, analysis.originalMessage(), analysis.receivedAt(), WINDOW));
        analyses.save(analysis, command.channelId(), command.customerId(),
                conversation.map(Conversation::id).orElse(null), message.orElse(null));
        return message.isPresent() ? Outcome.ATTACHED : Outcome.KEPT;
    }
}
