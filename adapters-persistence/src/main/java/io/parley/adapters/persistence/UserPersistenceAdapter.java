package io.parley.adapters.persistence;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.parley.domain.model.Role;
import io.parley.domain.model.UserAccount;
import io.parley.domain.port.out.UserPort;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The team's users; a name is unique ignoring case ({@code username_key} is it in lower case). */
@Singleton
class UserPersistenceAdapter implements UserPort {

    private static final String COLUMNS = "username, role, password_hash, must_change_password, created_at, "
            + "created_by, updated_at, sessions_valid_after";

    private final JdbcOperations jdbc;

    UserPersistenceAdapter(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<UserAccount> findAll() {
        return jdbc.prepareStatement("SELECT " + COLUMNS + " FROM app_user ORDER BY username_key",
                UserPersistenceAdapter::read);
    }

    @Override
    public Optional<UserAccount> find(String username) {
        return jdbc.prepareStatement("SELECT " + COLUMNS + " FROM app_user WHERE username_key = ?", statement -> {
            statement.setString(1, key(username));
            return read(statement);
        }).stream().findFirst();
    }

    @Override
    public boolean insert(UserAccount user) {
        try {
            return jdbc.prepareStatement("INSERT INTO app_user (username_key, " + COLUMNS + ") SELECT ?, ?, ?, ?, "
                    + "?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM app_user WHERE username_key = ?)", statement -> {
                        statement.setString(1, key(user.username()));
                        bind(statement, 2, user);
                        statement.setString(10, key(user.username()));
                        return statement.executeUpdate() == 1;
                    });
        } catch (RuntimeException e) {
            if (Rows.uniqueViolation(e)) {
                return false; // another request took the name between the check and the insert
            }
            throw e;
        }
    }

    @Override
    public boolean update(UserAccount user) {
        return jdbc.prepareStatement("UPDATE app_user SET username = ?, role = ?, password_hash = ?, "
                + "must_change_password = ?, created_at = ?, created_by = ?, updated_at = ?, sessions_valid_after = ? "
                + "WHERE username_key = ?", statement -> {
                    bind(statement, 1, user);
                    statement.setString(9, key(user.username()));
                    return statement.executeUpdate() == 1;
                });
    }

    @Override
    public boolean delete(String username) {
        return jdbc.prepareStatement("DELETE FROM app_user WHERE username_key = ?", statement -> {
            statement.setString(1, key(username));
            return statement.executeUpdate() == 1;
        });
    }

    private static String key(String username) {
        return username.toLowerCase(Locale.ROOT);
    }

    private static void bind(PreparedStatement statement, int first, UserAccount user) throws SQLException {
        statement.setString(first, user.username());
        statement.setString(first + 1, user.role().name());
        statement.setString(first + 2, user.passwordHash());
        statement.setBoolean(first + 3, user.mustChangePassword());
        Rows.setInstant(statement, first + 4, user.createdAt());
        statement.setString(first + 5, user.createdBy());
        Rows.setInstant(statement, first + 6, user.updatedAt());
        Rows.setInstant(statement, first + 7, user.sessionsValidAfter());
    }

    private static List<UserAccount> read(PreparedStatement statement) throws SQLException {
        List<UserAccount> found = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                // a role this version does not know (written by a newer one) reads as the least powerful
                Role role = Role.parse(rows.getString(2)).orElse(Role.VIEWER);
                found.add(new UserAccount(rows.getString(1), role, rows.getString(3), rows.getBoolean(4),
                        Rows.instant(rows, "created_at"), rows.getString(6), Rows.instant(rows, "updated_at"),
                        Rows.instant(rows, "sessions_valid_after")));
            }
        }
        return found;
    }
}
