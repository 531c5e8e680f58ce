package io.parley.domain.service;

import io.parley.domain.model.AuditAction;
import io.parley.domain.model.FieldError;
import io.parley.domain.model.InvalidUserException;
import io.parley.domain.model.Role;
import io.parley.domain.model.UserAccount;
import io.parley.domain.port.in.ManageUsersUseCase;
import io.parley.domain.port.out.PasswordHasher;
import io.parley.domain.port.out.TransactionPort;
import io.parley.domain.port.out.UserPort;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Users and their roles, each change in the audit log. Passwords are hashed before anything is stored and never
 * leave this class in clear; a password someone else chose (an invitation, a reset) must be changed by its user
 * before they can do anything else, and a new password ends the sessions started before it.
 */
public final class ManageUsersService implements ManageUsersUseCase {

    public static final int MIN_PASSWORD = 12;
    public static final int MAX_PASSWORD = 256;
    public static final int MAX_USERNAME = 64;
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@+-]*");

    private final TransactionPort transactions;
    private final UserPort users;
    private final PasswordHasher hasher;
    private final AuditTrail audit;
    private final Clock clock;
    private final Set<String> reserved;
    private final String bootstrapAdmin;

    /** @param bootstrapAdmin the admin of the settings, who is not stored and whose name no user may take */
    public ManageUsersService(TransactionPort transactions, UserPort users, PasswordHasher hasher, AuditTrail audit,
                              Clock clock, String bootstrapAdmin) {
        this.transactions = transactions;
        this.users = users;
        this.hasher = hasher;
        this.audit = audit;
        this.clock = clock;
        this.bootstrapAdmin = bootstrapAdmin;
        this.reserved = Set.of(bootstrapAdmin.toLowerCase(Locale.ROOT), "system", "unknown");
    }

    @Override
    public List<UserAccount> list() {
        return transactions.inTransaction(users::findAll).stream()
                .sorted(Comparator.comparing(u -> u.username().toLowerCase(Locale.ROOT))).toList();
    }

    @Override
    public Optional<UserAccount> get(String username) {
        return transactions.inTransaction(() -> users.find(username));
    }

    @Override
    public UserAccount create(NewUser user, Actor actor) {
        List<FieldError> problems = new ArrayList<>();
        String name = user.username() == null ? "" : user.username().trim();
        checkUsername(name, problems);
        if (user.role() == null) {
            problems.add(new FieldError("role", "is required: one of VIEWER, AGENT, EDITOR, ADMIN"));
        }
        checkPassword("password", user.password(), name, problems);
        if (!problems.isEmpty()) {
            throw new InvalidUserException(problems);
        }
        String hash = hasher.hash(user.password());
        Instant now = clock.instant();
        UserAccount account = new UserAccount(name, user.role(), hash, user.oneTimePassword(), now,
                actor.username(), now, now);
        return transactions.inTransaction(() -> {
            if (!users.insert(account)) {
                throw new UserConflictException("there is already a user named \"" + name + "\"");
            }
            audit.record(actor.username(), AuditAction.USER_CREATED, target(name), "as " + user.role().label()
                    + (user.oneTimePassword() ? ", with a one-time password" : ""));
            return account;
        });
    }

    @Override
    public Optional<UserAccount> change(String username, UserChange change, Actor actor) {
        if (username.equalsIgnoreCase(bootstrapAdmin)) {
            throw new InvalidUserException("username", "is the administrator of the settings "
                    + "(PARLEY_ADMIN_USERNAME); change that password in the settings");
        }
        Optional<UserAccount> found = transactions.inTransaction(() -> users.find(username));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        UserAccount current = found.get();
        boolean self = current.username().equalsIgnoreCase(actor.username());
        List<FieldError> problems = new ArrayList<>();
        if (change.role() == null && change.password() == null) {
            problems.add(new FieldError("role", "give a role or a password to change"));
        }
        if (change.role() != null && actor.role() != Role.ADMIN) {
            problems.add(new FieldError("role", "only an admin changes roles"));
        }
        if (change.password() != null) {
            checkPassword("password", change.password(), current.username(), problems);
            if (self && (change.currentPassword() == null
                    || !hasher.matches(change.currentPassword(), current.passwordHash()))) {
                problems.add(new FieldError("currentPassword", change.currentPassword() == null
                        ? "is required to change your own password" : "is not your current password"));
            }
            if (!self && actor.role() != Role.ADMIN) {
                problems.add(new FieldError("password", "only an admin sets another user's password"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidUserException(problems);
        }
        String newHash = change.password() == null ? null : hasher.hash(change.password());
        Instant now = clock.instant();
        return transactions.inTransaction(() -> users.find(username).map(locked -> {
            UserAccount changed = locked;
            if (change.role() != null && change.role() != locked.role()) {
                changed = changed.withRole(change.role(), now);
                audit.record(actor.username(), AuditAction.USER_ROLE_CHANGED, target(locked.username()),
                        "from " + locked.role().label() + " to " + change.role().label());
            }
            if (newHash != null) {
                changed = changed.withPassword(newHash, !self, now);
                audit.record(actor.username(), self ? AuditAction.USER_PASSWORD_CHANGED
                        : AuditAction.USER_PASSWORD_RESET, target(locked.username()),
                        self ? "their own password; earlier sessions ended"
                                : "one-time password, to be changed at the next sign-in; earlier sessions ended");
            }
            if (changed != locked) {
                users.update(changed);
            }
            return changed;
        }));
    }

    @Override
    public boolean remove(String username, Actor actor) {
        if (username.equalsIgnoreCase(actor.username())) {
            throw new UserConflictException("you cannot remove yourself; ask another admin");
        }
        return transactions.inTransaction(() -> {
            Optional<UserAccount> found = users.find(username);
            if (found.isEmpty() || !users.delete(found.get().username())) {
                return false;
            }
            audit.record(actor.username(), AuditAction.USER_REMOVED, target(found.get().username()),
                    "was " + found.get().role().label());
            return true;
        });
    }

    private void checkUsername(String name, List<FieldError> problems) {
        if (name.isEmpty()) {
            problems.add(new FieldError("username", "is required"));
        } else if (name.length() > MAX_USERNAME) {
            problems.add(new FieldError("username", "must be at most " + MAX_USERNAME + " characters"));
        } else if (!USERNAME.matcher(name).matches()) {
            problems.add(new FieldError("username", "may hold letters, digits and . _ @ + - only, and must start "
                    + "with a letter or a digit"));
        } else if (reserved.contains(name.toLowerCase(Locale.ROOT))) {
            problems.add(new FieldError("username", "is taken by the administrator of the settings or by Parley"));
        }
    }

    private static void checkPassword(String field, String password, String username, List<FieldError> problems) {
        if (password == null || password.isEmpty()) {
            problems.add(new FieldError(field, "is required"));
            return;
        }
        int length = password.codePointCount(0, password.length());
        if (length < MIN_PASSWORD) {
            problems.add(new FieldError(field, "must be at least " + MIN_PASSWORD + " characters"));
        } else if (length > MAX_PASSWORD) {
            problems.add(new FieldError(field, "must be at most " + MAX_PASSWORD + " characters"));
        } else if (password.equalsIgnoreCase(username)) {
            problems.add(new FieldError(field, "must not be the username"));
        } else if (password.chars().distinct().count() < 4) {
            problems.add(new FieldError(field, "is too easy to guess: use at least 4 different characters"));
        }
    }

    private static String target(String username) {
        return "user " + username;
    }
}
