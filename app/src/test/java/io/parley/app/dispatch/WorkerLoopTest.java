package io.parley.app.dispatch;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Background loops outlive a failed round, an Error included. */
class WorkerLoopTest {

    @Test
    void aRoundThatThrowsAnErrorDoesNotEndTheLoop() throws InterruptedException {
        AtomicInteger rounds = new AtomicInteger();
        CountDownLatch afterTheError = new CountDownLatch(1);
        WorkerLoop loop = new WorkerLoop("test-loop", Duration.ofMillis(20)) {
            @Override
            protected int runOnce() {
                if (rounds.incrementAndGet() == 1) {
                    throw new StackOverflowError("a bug in one round");
                }
                afterTheError.countDown();
                return 0;
            }
        };
        loop.startLoop();
        try {
            assertTrue(afterTheError.await(10, TimeUnit.SECONDS), "the loop ran again after the Error");
        } finally {
            loop.stopLoop();
        }
    }

    @Test
    void aPurgeThatThrowsAnErrorIsLoggedNotPropagated() {
        RetentionJob job = new RetentionJob(() -> {
            throw new AssertionError("a bug in the purge");
        });
        // the scheduler cancels a task for good once it throws
        assertDoesNotThrow(job::run);
    }
}
