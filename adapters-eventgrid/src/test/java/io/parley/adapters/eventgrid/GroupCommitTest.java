package io.parley.adapters.eventgrid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.domain.port.in.EventCommand;
import io.parley.domain.port.in.IngestEventsUseCase;
import io.parley.domain.port.in.RecordOtherEventCommand;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Group commit without HTTP: which deliveries share a transaction, and what each delivery is answered. */
class GroupCommitTest {

    /**
     * Records each transaction's event ids; the first transaction waits until released, so that the deliveries
     * submitted meanwhile queue up. Ids starting with "dup" are duplicates; a transaction holding "poison" fails.
     */
    private static final class SlowIngest implements IngestEventsUseCase {
        final List<List<String>> transactions = new CopyOnWriteArrayList<>();
        final CountDownLatch inFirst = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public List<Outcome> ingest(List<? extends EventCommand> commands) {
            List<String> ids = commands.stream().map(EventCommand::eventId).toList();
            if (inFirst.getCount() > 0) {
                inFirst.countDown();
                await(release);
            }
            if (ids.contains("poison")) {
                throw new IllegalStateException("value too long for column");
            }
            transactions.add(ids);
            return ids.stream().map(id -> id.startsWith("dup") ? Outcome.DUPLICATE : Outcome.ACCEPTED).toList();
        }
    }

    private final List<GroupCommit> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(GroupCommit::stop);
    }

    private GroupCommit groupCommit(IngestEventsUseCase ingest, int writers, int maxEvents, int capacity) {
        GroupCommit groupCommit = new GroupCommit(ingest, writers, maxEvents, capacity, null);
        started.add(groupCommit);
        return groupCommit;
    }

    private static List<EventCommand> delivery(String... ids) {
        List<EventCommand> commands = new ArrayList<>();
        for (String id : ids) {
            commands.add(new RecordOtherEventCommand(id, "Some.Type", Instant.EPOCH));
        }
        return commands;
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }

    @Test
    void deliveriesThatArriveDuringATransactionShareTheNextOneAndGetTheirOwnOutcomes() throws Exception {
        SlowIngest ingest = new SlowIngest();
        GroupCommit groupCommit = groupCommit(ingest, 1, 500, 100);
        CompletableFuture<List<IngestEventsUseCase.Outcome>> first = groupCommit.submit(delivery("a1"));
        await(ingest.inFirst);
        CompletableFuture<List<IngestEventsUseCase.Outcome>> second = groupCommit.submit(delivery("b1", "dup-b2"));
        CompletableFuture<List<IngestEventsUseCase.Outcome>> third = groupCommit.submit(delivery("dup-c1"));
        CompletableFuture<List<IngestEventsUseCase.Outcome>> fourth = groupCommit.submit(delivery("d1", "d2", "d3"));
        assertTrue(!second.isDone() && !third.isDone(), "not answered before their transaction commits");
        ingest.release.countDown();

        assertEquals(List.of(IngestEventsUseCase.Outcome.ACCEPTED), get(first));
        assertEquals(List.of(IngestEventsUseCase.Outcome.ACCEPTED, IngestEventsUseCase.Outcome.DUPLICATE),
                get(second));
        assertEquals(List.of(IngestEventsUseCase.Outcome.DUPLICATE), get(third));
        assertEquals(3, get(fourth).size());
        assertEquals(List.of(List.of("a1"), List.of("b1", "dup-b2", "dup-c1", "d1", "d2", "d3")),
                ingest.transactions, "the three waiting deliveries went in one transaction");
    }

    @Test
    void aTransactionTakesNoMoreThanItsLimitOfEvents() throws Exception {
        SlowIngest ingest = new SlowIngest();
        GroupCommit groupCommit = groupCommit(ingest, 1, 3, 100);
        CompletableFuture<?> first = groupCommit.submit(delivery("a1"));
        await(ingest.inFirst);
        List<CompletableFuture<?>> rest = List.of(groupCommit.submit(delivery("b1", "b2")),
                groupCommit.submit(delivery("c1")), groupCommit.submit(delivery("d1", "d2")));
        ingest.release.countDown();
        get(first);
        for (CompletableFuture<?> future : rest) {
            get(future);
        }
        assertEquals(List.of(List.of("a1"), List.of("b1", "b2", "c1"), List.of("d1", "d2")), ingest.transactions);
    }

    @Test
    void whenASharedTransactionFailsEachDeliveryIsTriedAloneAndOnlyTheBadOneFails() throws Exception {
        SlowIngest ingest = new SlowIngest();
        GroupCommit groupCommit = groupCommit(ingest, 1, 500, 100);
        CompletableFuture<?> first = groupCommit.submit(delivery("a1"));
        await(ingest.inFirst);
        CompletableFuture<List<IngestEventsUseCase.Outcome>> good = groupCommit.submit(delivery("b1"));
        CompletableFuture<List<IngestEventsUseCase.Outcome>> bad = groupCommit.submit(delivery("c1", "poison"));
        CompletableFuture<List<IngestEventsUseCase.Outcome>> alsoGood = groupCommit.submit(delivery("d1"));
        ingest.release.countDown();
        get(first);
        assertEquals(List.of(IngestEventsUseCase.Outcome.ACCEPTED), get(good));
        assertEquals(List.of(IngestEventsUseCase.Outcome.ACCEPTED), get(alsoGood));
        ExecutionException failure = assertThrows(ExecutionException.class, () -> get(bad));
        assertInstanceOf(IllegalStateException.class, failure.getCause());
        assertEquals(List.of(List.of("a1"), List.of("b1"), List.of("d1")), ingest.transactions);
    }

    @Test
    void aFullQueueRefusesADeliveryAtOnce() throws Exception {
        SlowIngest ingest = new SlowIngest();
        GroupCommit groupCommit = groupCommit(ingest, 1, 500, 1);
        CompletableFuture<?> first = groupCommit.submit(delivery("a1"));
        await(ingest.inFirst);
        CompletableFuture<?> queued = groupCommit.submit(delivery("b1"));
        CompletableFuture<?> refused = groupCommit.submit(delivery("c1"));
        ExecutionException failure = assertThrows(ExecutionException.class, () -> refused.get(1, TimeUnit.SECONDS));
        assertInstanceOf(GroupCommit.OverloadedException.class, failure.getCause());
        ingest.release.countDown();
        get(first);
        get(queued);
        assertEquals(List.of(List.of("a1"), List.of("b1")), ingest.transactions);
    }

    @Test
    void anErrorInATransactionFailsItsDeliveriesInsteadOfLeavingThemWaiting() throws Exception {
        IngestEventsUseCase broken = commands -> {
            throw new StackOverflowError("a bug deep in a rule");
        };
        GroupCommit groupCommit = groupCommit(broken, 1, 500, 100);
        List<CompletableFuture<List<IngestEventsUseCase.Outcome>>> answers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            answers.add(groupCommit.submit(List.of(new RecordOtherEventCommand("e" + i, "x", Instant.now()))));
        }
        for (CompletableFuture<List<IngestEventsUseCase.Outcome>> answer : answers) {
            ExecutionException failed = assertThrows(ExecutionException.class, () -> answer.get(5, TimeUnit.SECONDS));
            assertInstanceOf(StackOverflowError.class, failed.getCause());
        }
        // the writer survived: the next delivery is taken in as soon as the bug is gone
        GroupCommit healthy = groupCommit(commands -> commands.stream().map(c -> IngestEventsUseCase.Outcome.ACCEPTED)
                .toList(), 1, 500, 100);
        assertEquals(List.of(IngestEventsUseCase.Outcome.ACCEPTED), healthy.submit(List.of(
                new RecordOtherEventCommand("ok", "x", Instant.now()))).get(5, TimeUnit.SECONDS));
    }

    @Test
    void aWriterSurvivesAnErrorAndTakesTheNextDelivery() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean fail = new java.util.concurrent.atomic.AtomicBoolean(true);
        GroupCommit groupCommit = groupCommit(commands -> {
            if (fail.getAndSet(false)) {
                throw new OutOfMemoryError("simulated");
            }
            return commands.stream().map(c -> IngestEventsUseCase.Outcome.ACCEPTED).toList();
        }, 1, 500, 100);
        CompletableFuture<List<IngestEventsUseCase.Outcome>> first = groupCommit.submit(List.of(
                new RecordOtherEventCommand("a", "x", Instant.now())));
        assertThrows(ExecutionException.class, () -> first.get(5, TimeUnit.SECONDS));
        assertEquals(List.of(IngestEventsUseCase.Outcome.ACCEPTED), groupCommit.submit(List.of(
                new RecordOtherEventCommand("b", "x", Instant.now()))).get(5, TimeUnit.SECONDS));
    }
}
