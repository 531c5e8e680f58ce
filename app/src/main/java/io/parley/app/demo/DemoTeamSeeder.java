package io.parley.app.demo;

import io.micronaut.context.annotation.Requires;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import io.parley.app.security.UserDirectory;
import io.parley.domain.model.Role;
import io.parley.domain.port.in.ManageUsersUseCase;
import io.parley.domain.port.out.SettingsPort;
import io.parley.domain.port.out.TransactionPort;
import jakarta.inject.Singleton;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a new demo a team to try the roles with: an agent, an editor and a viewer, each signing in with
 * {@value #PASSWORD}. Demo mode only (like {@code admin}/{@code admin}), once per database.
 */
@Singleton
@Requires(condition = DemoModeCondition.class)
@Requires(property = "parley.demo.seed-team", notEquals = "false")
class DemoTeamSeeder {

    static final String SEEDED = "demo.team-seeded";
    static final String PASSWORD = "parley-demo-password";
    private static final Logger LOG = LoggerFactory.getLogger(DemoTeamSeeder.class);

    private record Member(String name, Role role) {
    }

    private static final List<Member> TEAM = List.of(new Member("sam", Role.AGENT), new Member("erin", Role.EDITOR),
            new Member("vic", Role.VIEWER));

    private final ManageUsersUseCase users;
    private final SettingsPort settings;
    private final TransactionPort transactions;
    private final UserDirectory directory;

    DemoTeamSeeder(ManageUsersUseCase users, SettingsPort settings, TransactionPort transactions,
                   UserDirectory directory) {
        this.users = users;
        this.settings = settings;
        this.transactions = transactions;
        this.directory = directory;
    }

    @EventListener
    void seed(ServerStartupEvent event) {
        boolean first = transactions.inTransaction(() -> settings.putIfAbsent(SEEDED, "true"));
        if (!first) {
            return;
        }
        ManageUsersUseCase.Actor system = new ManageUsersUseCase.Actor("system", Role.ADMIN);
        for (Member member : TEAM) {
            if (users.get(member.name()).isEmpty()) {
                users.create(new ManageUsersUseCase.NewUser(member.name(), PASSWORD, member.role(), false), system);
            }
        }
        directory.refresh();
        LOG.warn("demo team: sam (agent), erin (editor) and vic (viewer) sign in with the password \"{}\"; "
                + "demo mode only", PASSWORD);
    }
}
