package io.parley.loadgen;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one received message costs the database, counted by PostgreSQL itself: {@code pg_stat_statements} (when the
 * server preloads it) is reset before a measured rate and read after it, and the statements Parley ran are divided
 * by the received texts of that rate. The generator's own statements (vacuum, analyse, this counting) are left out.
 * {@code BEGIN} shows there and is counted; commits do not show there (as pgjdbc sends them), so they are counted
 * from {@code pg_stat_database.xact_commit} instead.
 */
final class StatementCounter {

    /** Statements that are not Parley's: the autovacuum stand-in's and this class's own. */
    private static final String NOT_PARLEY = "query NOT ILIKE '%pg_stat_statements%' AND query NOT ILIKE 'VACUUM%' "
            + "AND query NOT ILIKE 'ANALYZE%' AND query NOT ILIKE 'SHOW %' AND query NOT ILIKE '%pg_stat_database%'";

    private final Map<String, String> database;
    private long commitsAtReset;

    private StatementCounter(Map<String, String> database) {
        this.database = database;
    }

    /** A counter when the server has {@code pg_stat_statements} loaded; null (and a line saying why) otherwise. */
    static StatementCounter startIfAvailable(Map<String, String> database) {
        if (database == null) {
            return null;
        }
        try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
            statement.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            statement.executeQuery("SELECT 1 FROM pg_stat_statements LIMIT 1").close();
            return new StatementCounter(database);
        } catch (SQLException e) {
            System.out.println("statements are not counted: pg_stat_statements is not available ("
                    + e.getMessage().lines().findFirst().orElse("") + "); add shared_preload_libraries = "
                    + "'pg_stat_statements' to postgresql.conf to count them");
            return null;
        }
    }

    /** Forgets what was counted so far; the next {@link #report} covers only what runs from now on. */
    void reset() {
        try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_stat_statements_reset()");
            commitsAtReset = commits(statement);
        } catch (SQLException e) {
            System.out.println("could not reset pg_stat_statements: " + e.getMessage());
        }
    }

    /** Statements and commits since {@link #reset} per received message, and the statements run most often. */
    String report(long messages, long events) {
        if (messages == 0) {
            return "statements: no received message in this rate";
        }
        try (Connection connection = connect(database); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT calls, rows, regexp_replace(query, '\\s+', ' ', 'g'), "
                     + "wal_bytes "
                     + "FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = "
                     + "current_database()) AND " + NOT_PARLEY + " ORDER BY calls DESC")) {
            long total = 0;
            double wal = 0;
            List<String> top = new ArrayList<>();
            while (rows.next()) {
                long calls = rows.getLong(1);
                total += calls;
                wal += rows.getDouble(4);
                if (top.size() < 25) {
                    String query = rows.getString(3);
                    top.add(String.format("| %.2f | %.2f | `%s` |", calls / (double) messages,
                            rows.getLong(2) / (double) messages,
                            query.length() > 150 ? query.substring(0, 150) + "..." : query));
                }
            }
            long commits = commits(statement) - commitsAtReset;
            StringBuilder text = new StringBuilder(String.format("statements: %.1f per received message (%d "
                    + "statements, %d received messages, %d events; %.1f per event), %.1f commits per received "
                    + "message, %.0f bytes of WAL per received message%n", total / (double) messages, total, messages,
                    events, total / (double) events, commits / (double) messages, wal / messages));
            text.append("| calls per message | rows per message | statement |\n| ---: | ---: | --- |\n");
            top.forEach(line -> text.append(line).append('\n'));
            return text.toString();
        } catch (SQLException e) {
            return "could not read pg_stat_statements: " + e.getMessage();
        }
    }

    private static long commits(Statement statement) throws SQLException {
        try (ResultSet row = statement.executeQuery("SELECT xact_commit FROM pg_stat_database WHERE datname = "
                + "current_database()")) {
            return row.next() ? row.getLong(1) : 0;
        }
    }

    private static Connection connect(Map<String, String> database) throws SQLException {
        return DriverManager.getConnection(database.get("datasources.default.url"),
                database.get("datasources.default.username"), database.get("datasources.default.password"));
    }
}
