package io.parley.adapters.persistence.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/**
 * A fresh PostgreSQL database for one test class, on the server the project's machines run on 127.0.0.1:5432
 * (override with PARLEY_TEST_POSTGRES_URL / _USER / _PASSWORD). Tests that need it are skipped, with the reason
 * printed, where no server answers; .ci/run makes sure one does.
 */
public final class PostgresTestDatabase {

    private static final String ADMIN_URL = env("PARLEY_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
    private static final String USER = env("PARLEY_TEST_POSTGRES_USER", "postgres");
    private static final String PASSWORD = env("PARLEY_TEST_POSTGRES_PASSWORD", "");
    private static volatile Boolean available;

    private PostgresTestDatabase() {
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** For {@code @EnabledIf}: true when the server answers; otherwise says why the tests are skipped. */
    public static boolean available() {
        if (available == null) {
            try (Connection ignored = DriverManager.getConnection(ADMIN_URL, USER, PASSWORD)) {
                available = true;
            } catch (SQLException e) {
                System.err.println("SKIPPING the PostgreSQL variants of the tests: no PostgreSQL at " + ADMIN_URL
                        + " (" + e.getMessage() + ")");
                available = false;
            }
        }
        return available;
    }

    private static void drop(String name) {
        try (Connection admin = DriverManager.getConnection(ADMIN_URL, USER, PASSWORD);
             Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("could not drop test database " + name + ": " + e.getMessage());
        }
    }

    /** Creates an empty database and returns the datasource settings that point at it. */
    public static Map<String, String> create(String purpose) {
        String name = "parley_" + purpose.toLowerCase().replaceAll("[^a-z0-9]", "_") + "_"
                + UUID.randomUUID().toString().substring(0, 8);
        try (Connection admin = DriverManager.getConnection(ADMIN_URL, USER, PASSWORD);
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> drop(name)));
        String url = ADMIN_URL.substring(0, ADMIN_URL.lastIndexOf('/') + 1) + name;
        return Map.of("datasources.default.url", url,
                "datasources.default.username", USER,
                "datasources.default.password", PASSWORD,
                "datasources.default.driver-class-name", "org.postgresql.Driver");
    }
}
