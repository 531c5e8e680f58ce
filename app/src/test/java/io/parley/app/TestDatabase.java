package io.parley.app;

import io.parley.domain.port.out.TransactionPort;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Reading the application's database in tests, on its own connection and schema, as the schema says. */
final class TestDatabase {

    private TestDatabase() {
    }

    interface OnConnection<T> {
        T run(Connection c) throws SQLException;
    }

    /** Work on the application's connection, in a transaction of its own (the pool's connection is contextual). */
    static <T> T inTransaction(TransactionPort tx, DataSource dataSource, OnConnection<T> work) {
        return tx.inTransaction(() -> {
            try {
                return work.run(dataSource.getConnection());
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Every table of Parley's schema, in lower case. */
    static List<String> tables(Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet rows = c.getMetaData().getTables(null, c.getSchema(), "%", new String[] {"TABLE"})) {
            while (rows.next()) {
                names.add(rows.getString("TABLE_NAME").toLowerCase());
            }
        }
        return names;
    }
}
