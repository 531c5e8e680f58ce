package io.parley.app.security;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.ConfigurationInterceptUrlMapRule;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.security.rules.SecurityRuleResult;
import io.parley.domain.model.Role;
import io.parley.domain.model.UserAccount;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.reactivestreams.Publisher;

/**
 * The role check of every API route ({@link RouteRoles}), against the role the user has now (not the one their
 * session started with). Runs before the configured URL map, which only asks for a signed-in user. A refusal
 * leaves the role needed on the request, so that the 403 can name it.
 */
@Singleton
class RoleRule implements SecurityRule<HttpRequest<?>> {

    /** Request attribute: the {@link Role} the refused request needed. */
    static final String NEEDED = "parley.security.role-needed";
    /** Request attribute: the {@link Role} the refused user has. */
    static final String HAS = "parley.security.role-has";
    /** Request attribute: refused because the user must choose their own password first. */
    static final String PASSWORD_FIRST = "parley.security.password-first";

    private final UserDirectory directory;

    RoleRule(UserDirectory directory) {
        this.directory = directory;
    }

    @Override
    public Publisher<SecurityRuleResult> check(@Nullable HttpRequest<?> request,
                                               @Nullable Authentication authentication) {
        return Publishers.just(decide(request, authentication));
    }

    private SecurityRuleResult decide(@Nullable HttpRequest<?> request, @Nullable Authentication authentication) {
        if (request == null) {
            return SecurityRuleResult.UNKNOWN;
        }
        Optional<Role> needed = RouteRoles.needed(request.getMethod(), request.getPath());
        if (needed.isEmpty()) {
            return SecurityRuleResult.UNKNOWN;
        }
        if (authentication == null) {
            return SecurityRuleResult.REJECTED;
        }
        String name = authentication.getName();
        Optional<Role> role = directory.role(name);
        if (role.isEmpty()) {
            return SecurityRuleResult.REJECTED; // removed since it signed in
        }
        boolean own = RouteRoles.ownUser(request.getMethod(), request.getPath(), name);
        if (!own && directory.user(name).map(UserAccount::mustChangePassword).orElse(false)) {
            request.setAttribute(PASSWORD_FIRST, Boolean.TRUE);
            return SecurityRuleResult.REJECTED;
        }
        if (own || role.get().grants(needed.get())) {
            return SecurityRuleResult.ALLOWED;
        }
        request.setAttribute(NEEDED, needed.get());
        request.setAttribute(HAS, role.get());
        return SecurityRuleResult.REJECTED;
    }

    @Override
    public int getOrder() {
        return ConfigurationInterceptUrlMapRule.ORDER - 1;
    }
}
