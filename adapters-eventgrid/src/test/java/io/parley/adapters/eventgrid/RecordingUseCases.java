package io.parley.adapters.eventgrid;

import io.micronaut.context.annotation.Factory;
import io.parley.domain.model.DeadLetter;
import io.parley.domain.port.in.EventCommand;
import io.parley.domain.port.in.IngestEventsUseCase;
import io.parley.domain.port.in.KeepDeadLetterUseCase;
import io.parley.domain.port.in.ReceiveMessageCommand;
import io.parley.domain.port.in.RecordAnalysisCommand;
import io.parley.domain.port.in.RecordDeliveryStatusCommand;
import io.parley.domain.port.in.RecordOtherEventCommand;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The in-ports the webhook calls, recording what they were given; event ids are taken in once, as in the domain,
 * and every call to {@link #ingest} is one "transaction" (recorded in {@link #transactions}).
 */
@Singleton
class RecordingUseCases implements IngestEventsUseCase, KeepDeadLetterUseCase {

    final List<ReceiveMessageCommand> received = new CopyOnWriteArrayList<>();
    final List<RecordDeliveryStatusCommand> statuses = new CopyOnWriteArrayList<>();
    final List<RecordAnalysisCommand> analyses = new CopyOnWriteArrayList<>();
    final List<String> others = new CopyOnWriteArrayList<>();
    final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
    final List<Integer> transactions = new CopyOnWriteArrayList<>();
    final Set<String> seen = ConcurrentHashMap.newKeySet();
    volatile RuntimeException failNext;
    /** While set, every transaction waits for it: storage that hangs. */
    volatile java.util.concurrent.CountDownLatch hang;

    void reset() {
        received.clear();
        statuses.clear();
        analyses.clear();
        others.clear();
        deadLetters.clear();
        transactions.clear();
        seen.clear();
        failNext = null;
        hang = null;
    }

    @Override
    public synchronized List<Outcome> ingest(List<? extends EventCommand> commands) {
        java.util.concurrent.CountDownLatch hanging = hang;
        if (hanging != null) {
            try {
                hanging.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        RuntimeException failure = failNext;
        if (failure != null) {
            failNext = null;
            throw failure;
        }
        transactions.add(commands.size());
        List<Outcome> outcomes = new ArrayList<>(commands.size());
        for (EventCommand command : commands) {
            String kind = command.getClass().getSimpleName();
            if (command instanceof RecordOtherEventCommand other) {
                kind = other.eventType();
            }
            if (!seen.add(kind + "/" + command.eventId())) {
                outcomes.add(Outcome.DUPLICATE);
                continue;
            }
            if (command instanceof ReceiveMessageCommand message) {
                received.add(message);
            } else if (command instanceof RecordDeliveryStatusCommand status) {
                statuses.add(status);
            } else if (command instanceof RecordAnalysisCommand analysis) {
                analyses.add(analysis);
            } else {
                others.add(((RecordOtherEventCommand) command).eventType());
                outcomes.add(Outcome.IGNORED);
                continue;
            }
            outcomes.add(Outcome.ACCEPTED);
        }
        return outcomes;
    }

    @Override
    public long keep(DeadLetter deadLetter) {
        deadLetters.add(deadLetter);
        return deadLetters.size();
    }

    @Factory
    static class ClockFactory {
        @Singleton
        Clock clock() {
            return Clock.systemUTC();
        }
    }
}
