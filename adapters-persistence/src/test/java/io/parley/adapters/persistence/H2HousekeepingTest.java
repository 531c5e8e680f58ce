package io.parley.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An H2 file written commit by commit ({@code WRITE_DELAY=0}, as Parley runs it) under churn: without housekeeping
 * the file grows by every commit; with it, the space of dead chunks is used again. H2 keeps old chunks for
 * {@code RETENTION_TIME} (45 s by default) before it may reuse them; here 50 ms, so that seconds of churn show what
 * minutes would.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class H2HousekeepingTest implements TestPropertyProvider {

    private Path dir;

    @Inject H2Housekeeping housekeeping;
    @Inject TransactionOperations<Connection> transactions;
    @Inject JdbcOperations jdbc;

    @Override
    public Map<String, String> getProperties() {
        try {
            dir = Files.createTempDirectory("parley-h2-housekeeping");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "datasources.default.url", "jdbc:h2:file:" + dir.resolve("parley") + ";MODE=PostgreSQL;"
                        + "DATABASE_TO_LOWER=TRUE;WRITE_DELAY=0;RETENTION_TIME=50",
                // the test runs the rounds itself
                "parley.h2.housekeeping.initial-delay", "1h");
    }

    @Test
    void theFileStopsGrowingOnceHousekeepingRuns() throws Exception {
        transactions.executeWrite(status -> jdbc.execute(c -> c.createStatement().execute(
                "CREATE TABLE churn (id bigint PRIMARY KEY, k varchar(100), v varchar(400))")));
        transactions.executeWrite(status -> jdbc.execute(c -> c.createStatement().execute(
                "CREATE INDEX ix_churn_k ON churn (k)")));
        Random random = new Random(22);
        long[] ids = {0};

        long start = fileSize();
        churn(random, ids, 1_500, false);
        long unkept = fileSize() - start;

        long before = fileSize();
        churn(random, ids, 1_500, true);
        long kept = fileSize() - before;

        assertTrue(unkept > 20_000_000, "1,500 commits without housekeeping grew the file by " + unkept + " bytes");
        assertTrue(kept < unkept / 3, "with housekeeping the same churn grew it by " + kept + " bytes, without by "
                + unkept);
        assertEquals(3_000L * 5, (long) transactions.executeRead(status -> jdbc.execute(c -> {
            try (var rows = c.createStatement().executeQuery("SELECT count(*) FROM churn")) {
                rows.next();
                return rows.getLong(1);
            }
        })), "every row is still there");
    }

    @Test
    void aRoundOnAnH2FileReportsItsFillRate() {
        Optional<Integer> fill = housekeeping.housekeep();
        assertTrue(fill.isPresent() && fill.get() >= 0 && fill.get() <= 100, "fill rate " + fill);
    }

    /** Commits of five new rows (random index keys) and one row changed, with a housekeeping round every 20. */
    private void churn(Random random, long[] ids, int commits, boolean housekeep) throws InterruptedException {
        for (int i = 0; i < commits; i++) {
            transactions.executeWrite(status -> jdbc.execute(c -> {
                try (var insert = c.prepareStatement("INSERT INTO churn VALUES (?, ?, ?)");
                     var update = c.prepareStatement("UPDATE churn SET v = ? WHERE id = ?")) {
                    for (int j = 0; j < 5; j++) {
                        insert.setLong(1, ++ids[0]);
                        insert.setString(2, UUID.randomUUID().toString());
                        insert.setString(3, "x".repeat(300));
                        insert.addBatch();
                    }
                    insert.executeBatch();
                    update.setString(1, "y".repeat(300));
                    update.setLong(2, 1 + random.nextInt((int) ids[0]));
                    return update.executeUpdate();
                }
            }));
            if (housekeep && i % 20 == 0) {
                housekeeping.housekeep();
            }
        }
        Thread.sleep(100); // past the retention time, so that what is dead may be dropped at the next commit
    }

    private long fileSize() throws IOException {
        return Files.size(dir.resolve("parley.mv.db"));
    }
}
