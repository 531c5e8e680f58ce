package io.parley.loadgen;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * Production PostgreSQL vacuums and analyses busy tables on its own (autovacuum is on by default, also on Azure
 * Database for PostgreSQL). A server that runs with {@code autovacuum = off}, as test servers sometimes do, lets the
 * outbox (a row per reply, deleted once sent) fill with dead rows that every claim has to step over, and no plan
 * ever learns that the tables grew. Against such a server the generator does autovacuum's job, on its own
 * connection, and says so.
 */
final class AutovacuumStandIn implements AutoCloseable {

    /** Vacuumed every 5 s: a row per reply while it waits, so nearly all its rows are dead ones. */
    private static final String QUEUE = "outbox";
    /** Vacuumed and analysed once a minute, as often as autovacuum looks at a database by default. */
    private static final String[] TABLES = {"message", "conversation", "processed_event", "message_status_history",
            "status_report", "message_analysis"};

    private final Thread thread;
    private volatile boolean running = true;

    private AutovacuumStandIn(Map<String, String> database) {
        thread = new Thread(() -> run(database), "autovacuum-stand-in");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts the stand-in when the server's autovacuum is off; null when it is on (nothing to stand in for). */
    static AutovacuumStandIn startIfNeeded(Map<String, String> database) {
        if (database == null) {
            return null;
        }
        try (Connection connection = connect(database); Statement statement = connection.createStatement();
             ResultSet setting = statement.executeQuery("SHOW autovacuum")) {
            if (setting.next() && "on".equalsIgnoreCase(setting.getString(1))) {
                return null;
            }
        } catch (SQLException e) {
            System.out.println("could not read the autovacuum setting: " + e.getMessage());
            return null;
        }
        System.out.println("this PostgreSQL runs with autovacuum = off: in its place the generator runs VACUUM "
                + "(ANALYZE) on the outbox every 5 s and on Parley's other busy tables every minute");
        return new AutovacuumStandIn(database);
    }

    private void run(Map<String, String> database) {
        try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(true);
            long lastFull = System.nanoTime();
            while (running) {
                statement.execute("VACUUM (ANALYZE) " + QUEUE);
                if (System.nanoTime() - lastFull > 60_000_000_000L) {
                    for (String table : TABLES) {
                        statement.execute("VACUUM (ANALYZE) " + table);
                    }
                    lastFull = System.nanoTime();
                }
                Thread.sleep(5000);
            }
        } catch (SQLException e) {
            System.out.println("the autovacuum stand-in stopped: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Connection connect(Map<String, String> database) throws SQLException {
        return DriverManager.getConnection(database.get("datasources.default.url"),
                database.get("datasources.default.username"), database.get("datasources.default.password"));
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
