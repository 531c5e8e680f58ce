package io.parley.app.security;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.token.Claims;
import io.micronaut.security.token.jwt.validator.GenericJwtClaimsValidator;
import io.parley.domain.model.UserAccount;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * A console session is over when its user is gone or their password changed after it started: the session cookie
 * of a removed user, or one stolen before a password change, signs nobody in. The session carries a digest of the
 * password hash it signed in with ({@link ParleyAuthenticationProvider#PASSWORD_CLAIM}), which is exact where a
 * comparison of times would be only as fine as the token's whole seconds.
 */
@Singleton
class SessionClaimsValidator implements GenericJwtClaimsValidator<HttpRequest<?>> {

    private final UserDirectory directory;

    SessionClaimsValidator(UserDirectory directory) {
        this.directory = directory;
    }

    @Override
    public boolean validate(Claims claims, @Nullable HttpRequest<?> request) {
        Object subject = claims.get(Claims.SUBJECT);
        if (!(subject instanceof String name)) {
            return false;
        }
        if (directory.isBootstrapAdmin(name)) {
            return true;
        }
        Optional<UserAccount> user = directory.user(name);
        Object password = claims.get(ParleyAuthenticationProvider.PASSWORD_CLAIM);
        return user.isPresent() && password instanceof String fingerprint
                && fingerprint.equals(ParleyAuthenticationProvider.fingerprint(user.get().passwordHash()));
    }
}
