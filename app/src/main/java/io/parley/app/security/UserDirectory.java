package io.parley.app.security;

import io.micronaut.scheduling.annotation.Scheduled;
import io.parley.app.config.ParleyMode;
import io.parley.domain.model.Role;
import io.parley.domain.model.UserAccount;
import io.parley.domain.port.out.TransactionPort;
import io.parley.domain.port.out.UserPort;
import jakarta.inject.Singleton;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may do what right now, held in memory so that every request's role check is a map lookup (security rules
 * run on the event loop, where no database call belongs). Read again every two seconds, and at once after a change
 * made on this instance; another instance's change is seen here within two seconds. A role change or a removal
 * takes effect on the next request, also for sessions started before it.
 */
@Singleton
public class UserDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(UserDirectory.class);

    private final TransactionPort transactions;
    private final UserPort users;
    private final String bootstrapAdmin;
    private volatile Map<String, UserAccount> byName;

    UserDirectory(TransactionPort transactions, UserPort users, ParleyMode mode) {
        this.transactions = transactions;
        this.users = users;
        this.bootstrapAdmin = mode.adminUsername();
    }

    /** The admin of the settings ({@code PARLEY_ADMIN_USERNAME}), who is always an admin and is not stored. */
    public String bootstrapAdmin() {
        return bootstrapAdmin;
    }

    public boolean isBootstrapAdmin(String username) {
        return bootstrapAdmin.equals(username);
    }

    /** The stored user of that name (ignoring case); empty for the admin of the settings and for strangers. */
    public Optional<UserAccount> user(String username) {
        return username == null ? Optional.empty()
                : Optional.ofNullable(snapshot().get(username.toLowerCase(Locale.ROOT)));
    }

    /** The role {@code username} has now; empty when there is no such user (any more). */
    public Optional<Role> role(String username) {
        if (isBootstrapAdmin(username)) {
            return Optional.of(Role.ADMIN);
        }
        return user(username).map(UserAccount::role);
    }

    /** Reads the users again; called every two seconds and after each change made here. */
    @Scheduled(fixedDelay = "2s", initialDelay = "2s")
    public void refresh() {
        try {
            byName = transactions.inTransaction(users::findAll).stream()
                    .collect(Collectors.toUnmodifiableMap(u -> u.username().toLowerCase(Locale.ROOT),
                            Function.identity()));
        } catch (RuntimeException e) {
            LOG.warn("could not read the users; keeping the ones read before: {}", e.toString());
        }
    }

    private Map<String, UserAccount> snapshot() {
        Map<String, UserAccount> current = byName;
        if (current == null) {
            refresh();
            current = byName;
        }
        return current == null ? Map.of() : current;
    }
}
