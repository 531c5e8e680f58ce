package io.parley.adapters.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.function.Function;

/**
 * Many rows written by one statement: each column's values go as one array parameter, and the statement turns the
 * arrays back into rows with {@code unnest}. The same SQL runs on PostgreSQL and on H2 (in its PostgreSQL mode).
 * A JDBC batch sends one statement per row, each parsed, planned and executed on its own; counted with
 * pg_stat_statements, those per-row statements were three quarters of what a received message cost the database
 * (docs/BENCHMARKS.md, issue #22). With set statements a transaction runs each of them once, whatever its size.
 *
 * @param <T> what one row is made from
 */
final class SetRows<T> {

    /** {@code type} in the SQL, {@code arrayOf} for {@link Connection#createArrayOf} (the driver's name of it). */
    private record Column<T>(String name, String type, String arrayOf, Function<T, Object> value) {
    }

    private final List<Column<T>> columns;

    private SetRows(List<Column<T>> columns) {
        this.columns = List.copyOf(columns);
    }

    static <T> Builder<T> columns() {
        return new Builder<>();
    }

    /** The columns of a set statement, in order, each with its SQL type and how it is read off a row. */
    static final class Builder<T> {

        private final List<Column<T>> columns = new ArrayList<>();

        Builder<T> uuid(String name, Function<T, UUID> value) {
            return add(name, "uuid", "uuid", value::apply);
        }

        Builder<T> text(String name, Function<T, String> value) {
            return add(name, "varchar", "varchar", value::apply);
        }

        Builder<T> instant(String name, Function<T, Instant> value) {
            return add(name, "timestamp with time zone", "timestamptz", row -> {
                Instant at = value.apply(row);
                return at == null ? null : OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
            });
        }

        Builder<T> integer(String name, Function<T, Integer> value) {
            return add(name, "integer", "integer", value::apply);
        }

        Builder<T> bigint(String name, Function<T, Long> value) {
            return add(name, "bigint", "bigint", value::apply);
        }

        Builder<T> bool(String name, Function<T, Boolean> value) {
            return add(name, "boolean", "boolean", value::apply);
        }

        private Builder<T> add(String name, String type, String arrayOf, Function<T, Object> value) {
            columns.add(new Column<>(name, type, arrayOf, value));
            return this;
        }

        SetRows<T> build() {
            return new SetRows<>(columns);
        }
    }

    /** These columns only, in this order (for an update of some of the columns an insert writes). */
    SetRows<T> only(String... names) {
        List<Column<T>> picked = new ArrayList<>();
        for (String name : names) {
            picked.add(columns.stream().filter(column -> column.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no column " + name)));
        }
        return new SetRows<>(picked);
    }

    /** {@code INSERT INTO table (columns) SELECT * FROM unnest(...)}; binds with {@link #bind}. */
    String insertInto(String table) {
        return "INSERT INTO " + table + " (" + names() + ") SELECT * FROM " + unnest();
    }

    /**
     * {@code UPDATE table AS t SET (every column but the key) FROM unnest(...) AS u WHERE t.key = u.key} and
     * {@code condition} (on {@code t}, may be empty): each row updates the row of its key, once.
     */
    String update(String table, String key, String condition) {
        StringJoiner set = new StringJoiner(", ");
        for (Column<T> column : columns) {
            if (!column.name().equals(key)) {
                set.add(column.name() + " = u." + column.name());
            }
        }
        return "UPDATE " + table + " AS t SET " + set + " FROM " + unnest() + " AS u (" + names() + ") WHERE t."
                + key + " = u." + key + (condition.isBlank() ? "" : " AND " + condition);
    }

    /** {@code unnest(...) AS alias (columns)}: the rows as a table, for statements of other shapes. */
    String rowsAs(String alias) {
        return unnest() + " AS " + alias + " (" + names() + ")";
    }

    /** Reads the key of one inserted row. */
    @FunctionalInterface
    interface KeyReader<K> {
        K read(java.sql.ResultSet row) throws SQLException;
    }

    /**
     * Runs {@code insert} (this set's {@link #insertInto} with {@code ON CONFLICT DO NOTHING}) for {@code rows} and
     * answers the {@code keys} of the rows it did insert: a row that was there already is not among them. The keys
     * come back with {@code RETURNING} on PostgreSQL and from H2's {@code FINAL TABLE} otherwise.
     */
    <K> java.util.Set<K> insertNew(io.micronaut.data.jdbc.runtime.JdbcOperations jdbc, String insert, String keys,
                                   Collection<? extends T> rows, KeyReader<K> key) {
        return jdbc.execute(connection -> {
            String query = connection.isWrapperFor(org.postgresql.PGConnection.class)
                    ? insert + " RETURNING " + keys
                    : "SELECT " + keys + " FROM FINAL TABLE (" + insert + ")";
            java.util.Set<K> inserted = new java.util.HashSet<>();
            try (PreparedStatement statement = connection.prepareStatement(query)) {
                bind(statement, 1, rows);
                try (java.sql.ResultSet found = statement.executeQuery()) {
                    while (found.next()) {
                        inserted.add(key.read(found));
                    }
                }
            }
            return inserted;
        });
    }

    /** Binds one array per column to the parameters from {@code first} on; returns the next free parameter. */
    int bind(PreparedStatement statement, int first, Collection<? extends T> rows) throws SQLException {
        Connection connection = statement.getConnection();
        int index = first;
        for (Column<T> column : columns) {
            Object[] values = new Object[rows.size()];
            int i = 0;
            for (T row : rows) {
                values[i++] = column.value().apply(row);
            }
            statement.setArray(index++, connection.createArrayOf(column.arrayOf(), values));
        }
        return index;
    }

    private String names() {
        StringJoiner names = new StringJoiner(", ");
        columns.forEach(column -> names.add(column.name()));
        return names.toString();
    }

    private String unnest() {
        StringJoiner arrays = new StringJoiner(", ", "unnest(", ")");
        columns.forEach(column -> arrays.add("CAST(? AS " + column.type() + " ARRAY)"));
        return arrays.toString();
    }
}
