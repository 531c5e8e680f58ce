package io.parley.domain.service;

import io.parley.domain.port.in.EventCommand;
import io.parley.domain.port.in.IngestEventsUseCase;
import io.parley.domain.port.in.ReceiveMessageCommand;
import io.parley.domain.port.in.RecordAnalysisCommand;
import io.parley.domain.port.in.RecordDeliveryStatusCommand;
import io.parley.domain.port.in.RecordOtherEventCommand;
import io.parley.domain.port.out.EventLogPort;
import io.parley.domain.port.out.TransactionPort;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Takes in any mix of events in one transaction: the event ids are recorded in one statement, then the new events
 * are handed, kind by kind, to the services that know them. Analyses go before messages, so that a message
 * delivered together with its analysis is answered knowing its language and intent, and a message whose answer
 * waited for its analysis is answered before the new messages of its conversation; status reports go last.
 *
 * <p>A transaction the database aborts for a conflict with a concurrent one (a deadlock between two instances
 * taking in messages of the same customers) is run again, a few times, before the failure is passed on.
 */
public final class IngestEventsService implements IngestEventsUseCase {

    static final int ATTEMPTS = 3;

    private final TransactionPort transactions;
    private final EventLogPort events;
    private final ReceiveMessageService receive;
    private final RecordDeliveryStatusService statuses;
    private final RecordAnalysisService analyses;
    private final Clock clock;
    private final Insight insight;

    public IngestEventsService(TransactionPort transactions, EventLogPort events, ReceiveMessageService receive,
                               RecordDeliveryStatusService statuses, RecordAnalysisService analyses, Clock clock) {
        this(transactions, events, receive, statuses, analyses, clock, Insight.NONE);
    }

    /** @param insight where what the events' transactions count goes */
    public IngestEventsService(TransactionPort transactions, EventLogPort events, ReceiveMessageService receive,
                               RecordDeliveryStatusService statuses, RecordAnalysisService analyses, Clock clock,
                               Insight insight) {
        this.insight = insight;
        this.transactions = transactions;
        this.events = events;
        this.receive = receive;
        this.statuses = statuses;
        this.analyses = analyses;
        this.clock = clock;
    }

    @Override
    public List<Outcome> ingest(List<? extends EventCommand> commands) {
        if (commands.isEmpty()) {
            return List.of();
        }
        // a conflicting transaction is run again from the start, with what it counted and owes reset
        TransactionEnd[] end = new TransactionEnd[1];
        List<Outcome> outcomes = transactions.inTransactionRetryingConflicts(ATTEMPTS, () -> {
            end[0] = new TransactionEnd(insight);
            List<Outcome> taken = takeIn(commands, end[0]);
            end[0].beforeCommit();
            return taken;
        });
        end[0].afterCommit();
        return outcomes;
    }

    private List<Outcome> takeIn(List<? extends EventCommand> commands, TransactionEnd end) {
        Instant now = clock.instant();
        List<EventLogPort.LoggedEvent> logged = new ArrayList<>(commands.size());
        for (EventCommand command : commands) {
            logged.add(new EventLogPort.LoggedEvent(command.eventId(), kindOf(command), now));
        }
        BitSet fresh = events.recordNew(logged);
        Outcome[] outcomes = new Outcome[commands.size()];
        List<RecordAnalysisCommand> newAnalyses = new ArrayList<>();
        List<ReceiveMessageCommand> newMessages = new ArrayList<>();
        List<RecordDeliveryStatusCommand> newStatuses = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) {
            EventCommand command = commands.get(i);
            if (!fresh.get(i)) {
                outcomes[i] = Outcome.DUPLICATE;
                continue;
            }
            if (command instanceof RecordAnalysisCommand analysis) {
                newAnalyses.add(analysis);
            } else if (command instanceof ReceiveMessageCommand message) {
                newMessages.add(message);
            } else if (command instanceof RecordDeliveryStatusCommand status) {
                newStatuses.add(status);
            }
            outcomes[i] = command instanceof RecordOtherEventCommand ? Outcome.IGNORED : Outcome.ACCEPTED;
        }
        List<RecordAnalysisService.Recorded> recorded = new ArrayList<>(newAnalyses.size());
        for (RecordAnalysisCommand analysis : newAnalyses) {
            recorded.add(analyses.takeIn(analysis));
        }
        receive.takeIn(newMessages, recorded, now, end);
        statuses.takeIn(newStatuses, now, end);
        return List.of(outcomes);
    }

    private static String kindOf(EventCommand command) {
        if (command instanceof ReceiveMessageCommand) {
            return ReceiveMessageService.EVENT_KIND;
        }
        if (command instanceof RecordDeliveryStatusCommand) {
            return RecordDeliveryStatusService.EVENT_KIND;
        }
        if (command instanceof RecordAnalysisCommand) {
            return RecordAnalysisService.EVENT_KIND;
        }
        String type = ((RecordOtherEventCommand) command).eventType();
        String kind = type == null || type.isBlank() ? "(no type)" : type;
        return kind.length() <= 200 ? kind : kind.substring(0, 200);
    }
}
