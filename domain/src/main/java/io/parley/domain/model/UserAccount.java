package io.parley.domain.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A person who signs in to the console or the API.
 *
 * @param passwordHash       the password's hash in its self-describing form (algorithm, parameters, salt); never
 *                           the password, never shown
 * @param mustChangePassword the password was given by someone else (an invitation, a reset): the user may do
 *                           nothing but choose their own until they have
 * @param sessionsValidAfter sessions started before this instant are over (the password changed, the user was
 *                           removed and added again)
 */
public record UserAccount(String username, Role role, String passwordHash, boolean mustChangePassword,
                          Instant createdAt, String createdBy, Instant updatedAt, Instant sessionsValidAfter) {

    public UserAccount {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(passwordHash, "passwordHash");
    }

    public UserAccount withRole(Role newRole, Instant at) {
        return new UserAccount(username, newRole, passwordHash, mustChangePassword, createdAt, createdBy, at,
                sessionsValidAfter);
    }

    /** A new password: sessions started before end; {@code oneTime} when someone else chose it. */
    public UserAccount withPassword(String newHash, boolean oneTime, Instant at) {
        return new UserAccount(username, role, newHash, oneTime, createdAt, createdBy, at, at);
    }
}
