package io.parley.adapters.eventgrid;

import io.micronaut.context.annotation.Factory;
import io.parley.domain.model.DeadLetter;
import io.parley.domain.port.in.KeepDeadLetterUseCase;
import io.parley.domain.port.in.ReceiveMessageCommand;
import io.parley.domain.port.in.ReceiveMessageUseCase;
import io.parley.domain.port.in.RecordAnalysisCommand;
import io.parley.domain.port.in.RecordAnalysisUseCase;
import io.parley.domain.port.in.RecordDeliveryStatusCommand;
import io.parley.domain.port.in.RecordDeliveryStatusUseCase;
import io.parley.domain.port.in.RecordOtherEventUseCase;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** The in-ports the webhook calls, recording what they were given; event ids are taken in once, as in the domain. */
@Singleton
class RecordingUseCases implements ReceiveMessageUseCase, RecordDeliveryStatusUseCase, RecordOtherEventUseCase,
        KeepDeadLetterUseCase, RecordAnalysisUseCase {

    final List<RecordAnalysisCommand> analyses = new CopyOnWriteArrayList<>();

    @Override
    public RecordAnalysisUseCase.Outcome record(RecordAnalysisCommand command) {
        maybeFail();
        if (!seen.add("analysis/" + command.eventId())) {
            return RecordAnalysisUseCase.Outcome.DUPLICATE;
        }
        analyses.add(command);
        return RecordAnalysisUseCase.Outcome.ATTACHED;
    }

    final List<ReceiveMessageCommand> received = new CopyOnWriteArrayList<>();
    final List<RecordDeliveryStatusCommand> statuses = new CopyOnWriteArrayList<>();
    final List<String> others = new CopyOnWriteArrayList<>();
    final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
    final Set<String> seen = ConcurrentHashMap.newKeySet();
    volatile RuntimeException failNext;

    void reset() {
        received.clear();
        statuses.clear();
        analyses.clear();
        others.clear();
        deadLetters.clear();
        seen.clear();
        failNext = null;
    }

    private void maybeFail() {
        RuntimeException failure = failNext;
        if (failure != null) {
            failNext = null;
            throw failure;
        }
    }

    @Override
    public Result receive(ReceiveMessageCommand command) {
        maybeFail();
        if (!seen.add("received/" + command.eventId())) {
            return Result.ofDuplicate();
        }
        received.add(command);
        return new Result(false, UUID.randomUUID(), Optional.empty());
    }

    @Override
    public RecordDeliveryStatusUseCase.Outcome record(RecordDeliveryStatusCommand command) {
        maybeFail();
        if (!seen.add("status/" + command.eventId())) {
            return RecordDeliveryStatusUseCase.Outcome.DUPLICATE;
        }
        statuses.add(command);
        return RecordDeliveryStatusUseCase.Outcome.APPLIED;
    }

    @Override
    public boolean record(String eventId, String eventType, java.time.Instant receivedAt) {
        if (!seen.add(eventType + "/" + eventId)) {
            return false;
        }
        others.add(eventType);
        return true;
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
