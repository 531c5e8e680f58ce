package io.parley.adapters.persistence;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.UUID;

/**
 * Binding and reading the column types Parley uses, the same way on H2 and PostgreSQL. The hot paths (taking in
 * events, the outbox) write with plain JDBC, many rows per statement ({@link SetRows}), without the per-statement
 * machinery of repository methods, which cost more CPU than the database work itself under load.
 */
final class Rows {

    private Rows() {
    }

    static void setInstant(PreparedStatement statement, int index, Instant value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setObject(index, OffsetDateTime.ofInstant(value, ZoneOffset.UTC));
        }
    }

    static Instant instant(ResultSet rows, String column) throws SQLException {
        OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static void setUuid(PreparedStatement statement, int index, UUID value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.OTHER);
        } else {
            statement.setObject(index, value);
        }
    }

    static UUID uuid(ResultSet rows, String column) throws SQLException {
        return rows.getObject(column, UUID.class);
    }

    static void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    static Long nullableLong(ResultSet rows, String column) throws SQLException {
        long value = rows.getLong(column);
        return rows.wasNull() ? null : value;
    }

    static Array uuids(PreparedStatement statement, Collection<UUID> values) throws SQLException {
        return statement.getConnection().createArrayOf("uuid", values.toArray(new UUID[0]));
    }

    static Array longs(PreparedStatement statement, Collection<Long> values) throws SQLException {
        return statement.getConnection().createArrayOf("bigint", values.toArray(new Long[0]));
    }

    static Array texts(PreparedStatement statement, Collection<String> values) throws SQLException {
        return statement.getConnection().createArrayOf("varchar", values.toArray(new String[0]));
    }

    /**
     * PostgreSQL: plans this statement at each execution, with its actual arrays and the tables' current statistics.
     * Otherwise the driver prepares it on the server after five runs and PostgreSQL may keep, for the connection's
     * life, a generic plan made while the tables were nearly empty: under load such plans scanned whole tables
     * (1.6 ms per lookup of one batch's conversations at 180,000 rows, against 0.09 ms planned afresh). For the
     * lookups whose plan depends on sizes; inserts and updates by key keep their prepared plans.
     */
    static void planEachTime(PreparedStatement statement) throws SQLException {
        if (statement.isWrapperFor(org.postgresql.PGStatement.class)) {
            statement.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(0);
        }
    }

    /**
     * Binds parameters 1 and 2 to the channels and the customers of {@code keys}, as arrays for
     * {@code channel_id = ANY(?) AND customer_id = ANY(?)}, for a table whose index starts with the customer (the
     * analyses, V17). Where an index starts with the channel, PostgreSQL may take it by the channel alone and read
     * every row of the channel (see the conversations' lock, which looks up by customer instead). The caller drops
     * the rows of the cross product that are not among its keys.
     */
    static void bindKeys(PreparedStatement statement, Collection<io.parley.domain.model.ConversationKey> keys)
            throws SQLException {
        statement.setArray(1, texts(statement, keys.stream()
                .map(io.parley.domain.model.ConversationKey::channelId).distinct().toList()));
        statement.setArray(2, texts(statement, keys.stream()
                .map(io.parley.domain.model.ConversationKey::customerId).distinct().toList()));
    }

    /** Whether {@code e} comes from a unique constraint the statement violated (SQLSTATE 23505 on both). */
    static boolean uniqueViolation(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
