package io.parley.app.dispatch;

import io.parley.domain.port.out.WorkSignal;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one background job on its own thread: at once when signalled that work was committed, and every poll
 * interval anyway (for retries that come due, and for work queued by other instances). A failing round (an
 * exception or an {@link Error}) is logged with its stack trace and backs off exponentially up to 30 s, so a
 * database outage is not hammered and the loop never dies.
 */
abstract class WorkerLoop implements WorkSignal {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerLoop.class);

    private final String name;
    private final Duration pollInterval;
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;

    WorkerLoop(String name, Duration pollInterval) {
        this.name = name;
        this.pollInterval = pollInterval;
    }

    /** One round of work; returns how many items it handled (a positive count runs another round at once). */
    protected abstract int runOnce();

    /** Runs before the first round. */
    protected void beforeFirstRound() {
    }

    @Override
    public void workQueued() {
        wake.release();
    }

    void startLoop() {
        beforeFirstRound();
        running = true;
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    void stopLoop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            wake.release();
            try {
                t.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        long failures = 0;
        while (running) {
            try {
                wake.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits();
                while (running && runOnce() > 0) {
                    // keep going while there is work
                }
                failures = 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error e) {
                // an Error too: a loop that died would leave the webhook taking in work that nothing ever does
                failures++;
                long backoff = Math.min(30_000, 500L << Math.min(failures, 6));
                LOG.warn("{}: round failed ({} in a row), next try in {} ms", name, failures, backoff, e);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
