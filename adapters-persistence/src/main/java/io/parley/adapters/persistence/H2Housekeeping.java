package io.parley.adapters.persistence;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.db.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an embedded H2 file from growing without end. H2 stores each commit as a new chunk of pages, and rewrites the
 * live pages of mostly dead chunks in a background thread so that their space is reused. That thread only runs when
 * commits are written later ({@code WRITE_DELAY} above zero); Parley writes each commit before it answers
 * ({@code WRITE_DELAY=0}), so nothing rewrote the chunks and the file grew by the size of every commit: 27 GB after
 * eleven minutes at 1,000 events/s (issue #22). This does the rewriting instead, every
 * {@code parley.h2.housekeeping.interval}, a bounded amount each time, under H2's own store lock.
 *
 * <p>Does nothing on PostgreSQL, on an in-memory H2, or where H2's own background thread runs.
 */
@Singleton
@Requires(property = "parley.h2.housekeeping.enabled", notEquals = "false")
class H2Housekeeping {

    private static final Logger LOG = LoggerFactory.getLogger(H2Housekeeping.class);

    /** Chunks are rewritten while less than this share of all their pages is live (H2's own default is 90). */
    static final int TARGET_FILL_RATE = 80;

    private final TransactionOperations<Connection> transactions;
    private final JdbcOperations jdbc;
    private final int writeLimit;
    private volatile boolean notH2File;

    H2Housekeeping(TransactionOperations<Connection> transactions, JdbcOperations jdbc,
                   @Value("${parley.h2.housekeeping.write-limit:8388608}") int writeLimit) {
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.writeLimit = writeLimit;
    }

    @Scheduled(fixedDelay = "${parley.h2.housekeeping.interval:1s}",
            initialDelay = "${parley.h2.housekeeping.initial-delay:5s}")
    void run() {
        if (notH2File) {
            return;
        }
        try {
            housekeep();
        } catch (RuntimeException e) {
            // closing at shutdown, or a store in trouble that H2 reports on its next commit: try again next time
            LOG.debug("H2 housekeeping skipped", e);
        }
    }

    /**
     * One round: rewrites the live pages of the emptiest chunks (up to the write limit) when the chunks are less
     * than {@link #TARGET_FILL_RATE} % live, and stores the result.
     *
     * @return the file's chunks' fill rate after the round, or empty where there is nothing to keep (not an H2 file)
     */
    Optional<Integer> housekeep() {
        return transactions.executeRead(status -> jdbc.execute(connection -> {
            Optional<MVStore> found = fileStore(connection);
            if (found.isEmpty()) {
                notH2File = true;
                return Optional.<Integer>empty();
            }
            MVStore store = found.get();
            if (store.compact(TARGET_FILL_RATE, writeLimit)) {
                store.tryCommit();
            }
            return Optional.of(store.getFileStore().getChunksFillRate());
        }));
    }

    private static Optional<MVStore> fileStore(Connection connection) throws SQLException {
        if (!connection.isWrapperFor(JdbcConnection.class)
                || !(connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session)) {
            return Optional.empty();
        }
        Store store = session.getDatabase().getStore();
        MVStore mvStore = store == null ? null : store.getMvStore();
        if (mvStore == null || mvStore.getFileStore() == null || mvStore.getAutoCommitDelay() > 0) {
            return Optional.empty();
        }
        return Optional.of(mvStore);
    }
}
