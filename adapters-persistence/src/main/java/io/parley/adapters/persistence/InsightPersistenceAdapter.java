package io.parley.adapters.persistence;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.parley.domain.model.InsightMetric;
import io.parley.domain.model.Tally;
import io.parley.domain.model.UnansweredText;
import io.parley.domain.port.out.InsightPort;
import io.parley.domain.port.out.InsightQueries;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Insight's counts and unanswered texts ({@code unanswered_text}). A transaction appends its counts to
 * {@code insight_delta} in one insert: no row is updated, so two transactions taking in messages of the same hour
 * never wait for each other (adding to the hour's row directly made the second wait for the first's commit:
 * docs/BENCHMARKS.md, "Insight"). {@link #fold} adds them into the hourly totals ({@code insight_count}): one upsert on
 * PostgreSQL ({@code INSERT ... ON CONFLICT DO UPDATE}); H2 has no such update, so there the rows missing are inserted
 * with 0 first and then added to. Reads add the totals and the counts not folded yet.
 */
@Singleton
class InsightPersistenceAdapter implements InsightPort, InsightQueries {

    private static final SetRows<Tally.Count> COUNTS = SetRows.<Tally.Count>columns()
            .instant("hour_start", Tally.Count::hour)
            .text("channel_id", Tally.Count::channelId)
            .text("metric", c -> c.metric().name())
            .text("dimension", Tally.Count::dimension)
            .bigint("n", Tally.Count::n)
            .build();
    private static final String KEY = "hour_start, channel_id, metric, dimension";
    private static final String APPEND = COUNTS.insertInto("insight_delta");
    /**
     * Counts to fold, of the metrics this version knows: those of a newer instance (during a rolling upgrade) are
     * left for it, not folded away here.
     */
    private static final String TAKE = "SELECT id, " + KEY + ", n FROM insight_delta WHERE metric = ANY(?) "
            + "ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED";
    /** A total's key, ordered as its rows are written and locked. */
    private record TotalKey(Instant hour, String channelId, String metric, String dimension)
            implements Comparable<TotalKey> {

        private static final java.util.Comparator<TotalKey> ORDER = java.util.Comparator
                .comparing(TotalKey::hour).thenComparing(TotalKey::channelId).thenComparing(TotalKey::metric)
                .thenComparing(TotalKey::dimension);

        @Override
        public int compareTo(TotalKey other) {
            return ORDER.compare(this, other);
        }
    }
    private static final String ADD_POSTGRES = COUNTS.insertInto("insight_count") + " ON CONFLICT (" + KEY
            + ") DO UPDATE SET n = insight_count.n + EXCLUDED.n";
    private static final String CREATE_H2 = "INSERT INTO insight_count (" + KEY + ", n) SELECT u.hour_start, "
            + "u.channel_id, u.metric, u.dimension, 0 FROM " + COUNTS.rowsAs("u") + " ON CONFLICT DO NOTHING";
    private static final String ADD_H2 = "UPDATE insight_count AS t SET n = t.n + u.n FROM " + COUNTS.rowsAs("u")
            + " WHERE t.hour_start = u.hour_start AND t.channel_id = u.channel_id AND t.metric = u.metric"
            + " AND t.dimension = u.dimension";

    private static final SetRows<UnansweredText> TEXTS = SetRows.<UnansweredText>columns()
            .uuid("message_id", UnansweredText::messageId)
            .text("channel_id", UnansweredText::channelId)
            .instant("created_at", UnansweredText::at)
            .text("answer", t -> t.answer().name())
            .text("text_key", UnansweredText::key)
            .text("text", UnansweredText::text)
            .build();
    private static final String KEEP_TEXTS = TEXTS.insertInto("unanswered_text") + " ON CONFLICT DO NOTHING";

    /** The totals and the counts not folded yet, of the range (from, to, metrics: and the channel in %s). */
    private static final String COUNTED = "(SELECT " + KEY + ", n FROM insight_count WHERE hour_start >= ? AND "
            + "hour_start < ? AND metric = ANY(?)%1$s UNION ALL SELECT " + KEY + ", n FROM insight_delta WHERE "
            + "hour_start >= ? AND hour_start < ? AND metric = ANY(?)%1$s) AS counted";
    private static final String TOTALS = "SELECT metric, dimension, SUM(n) AS n FROM " + COUNTED
            + " GROUP BY metric, dimension";
    private static final String HOURLY = "SELECT hour_start, metric, dimension, SUM(n) AS n FROM " + COUNTED
            + " GROUP BY hour_start, metric, dimension";
    private static final String CHANNEL = " AND channel_id = ?";
    private static final String GROUPS = """
            SELECT text_key, COUNT(*) AS n, SUM(CASE WHEN answer = 'FALLBACK' THEN 1 ELSE 0 END) AS by_fallback,
                   MAX(created_at) AS last_at
            FROM unanswered_text WHERE created_at >= ? AND created_at < ?%s
            GROUP BY text_key ORDER BY n DESC, last_at DESC, text_key LIMIT ?""";

    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> transactions;

    InsightPersistenceAdapter(JdbcOperations jdbc, TransactionOperations<Connection> transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    @Override
    public void add(List<Tally.Count> counts, List<UnansweredText> unanswered) {
        jdbc.execute(connection -> {
            if (!counts.isEmpty()) {
                run(connection.prepareStatement(APPEND), COUNTS, counts);
            }
            if (!unanswered.isEmpty()) {
                run(connection.prepareStatement(KEEP_TEXTS), TEXTS, unanswered);
            }
            return null;
        });
    }

    @Override
    public int fold(int max) {
        return jdbc.execute(connection -> {
            List<Long> ids = new ArrayList<>();
            // summed by row, in the key's order: every fold locks the totals' rows in one order
            java.util.TreeMap<TotalKey, Long> sums = new java.util.TreeMap<>();
            try (PreparedStatement take = connection.prepareStatement(TAKE)) {
                take.setArray(1, Rows.texts(take, java.util.Arrays.stream(InsightMetric.values()).map(Enum::name)
                        .toList()));
                take.setInt(2, max);
                try (ResultSet rows = take.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getLong("id"));
                        sums.merge(new TotalKey(Rows.instant(rows, "hour_start"), rows.getString("channel_id"),
                                rows.getString("metric"), rows.getString("dimension")), rows.getLong("n"), Long::sum);
                    }
                }
            }
            if (ids.isEmpty()) {
                return 0;
            }
            List<Tally.Count> totals = new ArrayList<>(sums.size());
            sums.forEach((key, n) -> {
                InsightMetric metric = InsightMetric.ofStored(key.metric());
                if (metric != null) {
                    totals.add(new Tally.Count(key.hour(), key.channelId(), metric, key.dimension(), n));
                }
            });
            if (connection.isWrapperFor(org.postgresql.PGConnection.class)) {
                run(connection.prepareStatement(ADD_POSTGRES), COUNTS, totals);
            } else {
                run(connection.prepareStatement(CREATE_H2), COUNTS, totals);
                run(connection.prepareStatement(ADD_H2), COUNTS, totals);
            }
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM insight_delta WHERE id = ANY(?)")) {
                delete.setArray(1, Rows.longs(delete, ids));
                delete.executeUpdate();
            }
            return ids.size();
        });
    }


    private static <T> void run(PreparedStatement statement, SetRows<T> rows, List<T> values) throws SQLException {
        try (statement) {
            rows.bind(statement, 1, values);
            statement.executeUpdate();
        }
    }

    @Override
    public List<Total> totals(Instant from, Instant to, String channelId, Set<InsightMetric> metrics) {
        List<Total> totals = new ArrayList<>();
        if (metrics.isEmpty()) {
            return totals;
        }
        query(TOTALS, from, to, channelId, metrics, row -> {
            InsightMetric metric = InsightMetric.ofStored(row.getString("metric"));
            if (metric != null) {
                totals.add(new Total(metric, row.getString("dimension"), row.getLong("n")));
            }
        });
        return totals;
    }

    @Override
    public List<HourTotal> hourly(Instant from, Instant to, String channelId, Set<InsightMetric> metrics) {
        List<HourTotal> hours = new ArrayList<>();
        if (metrics.isEmpty()) {
            return hours;
        }
        query(HOURLY, from, to, channelId, metrics, row -> {
            InsightMetric metric = InsightMetric.ofStored(row.getString("metric"));
            if (metric != null) {
                hours.add(new HourTotal(Rows.instant(row, "hour_start"), metric, row.getString("dimension"),
                        row.getLong("n")));
            }
        });
        return hours;
    }

    @Override
    public List<UnansweredGroup> unanswered(Instant from, Instant to, String channelId, int limit) {
        return transactions.executeRead(status -> groups(from, to, channelId, limit));
    }

    private List<UnansweredGroup> groups(Instant from, Instant to, String channelId, int limit) {
        record Group(String key, long count, long byFallback, Instant lastAt) {
        }
        List<Group> groups = new ArrayList<>();
        jdbc.prepareStatement(GROUPS.formatted(channelId == null ? "" : CHANNEL), statement -> {
            int i = 1;
            statement.setObject(i++, utc(from));
            statement.setObject(i++, utc(to));
            if (channelId != null) {
                statement.setString(i++, channelId);
            }
            statement.setInt(i, limit);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    groups.add(new Group(rows.getString("text_key"), rows.getLong("n"), rows.getLong("by_fallback"),
                            Rows.instant(rows, "last_at")));
                }
            }
            return null;
        });
        Map<String, String> latest = latestTexts(groups.stream().map(g -> Map.entry(g.key(), g.lastAt())).toList());
        return groups.stream().map(g -> new UnansweredGroup(g.key(), latest.getOrDefault(g.key(), g.key()),
                g.count(), g.byFallback(), g.lastAt())).toList();
    }

    /** Each group's text of its latest message: one look-up per group in the key index, in one statement. */
    private Map<String, String> latestTexts(List<Map.Entry<String, Instant>> groups) {
        Map<String, String> texts = new HashMap<>();
        if (groups.isEmpty()) {
            return texts;
        }
        StringJoiner pairs = new StringJoiner(", ");
        groups.forEach(g -> pairs.add("(?, ?)"));
        jdbc.prepareStatement("SELECT text_key, text FROM unanswered_text WHERE (text_key, created_at) IN ("
                + pairs + ")", statement -> {
            int i = 1;
            for (Map.Entry<String, Instant> g : groups) {
                statement.setString(i++, g.getKey());
                statement.setObject(i++, utc(g.getValue()));
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    texts.putIfAbsent(rows.getString("text_key"), rows.getString("text"));
                }
            }
            return null;
        });
        return texts;
    }

    @FunctionalInterface
    private interface RowReader {
        void read(ResultSet row) throws SQLException;
    }

    private void query(String sql, Instant from, Instant to, String channelId, Set<InsightMetric> metrics,
                       RowReader reader) {
        transactions.executeRead(status -> jdbc.prepareStatement(sql.formatted(channelId == null ? "" : CHANNEL), statement -> {
            int i = 1;
            for (int part = 0; part < 2; part++) { // the totals, then the counts not folded yet
                statement.setObject(i++, utc(from));
                statement.setObject(i++, utc(to));
                statement.setArray(i++, statement.getConnection().createArrayOf("varchar",
                        metrics.stream().map(Enum::name).toArray()));
                if (channelId != null) {
                    statement.setString(i++, channelId);
                }
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    reader.read(rows);
                }
            }
            return null;
        }));
    }

    private static OffsetDateTime utc(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }
}
