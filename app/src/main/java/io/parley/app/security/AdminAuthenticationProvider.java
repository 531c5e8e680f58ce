package io.parley.app.security;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.AuthenticationFailureReason;
import io.micronaut.security.authentication.AuthenticationRequest;
import io.micronaut.security.authentication.AuthenticationResponse;
import io.micronaut.security.authentication.provider.HttpRequestAuthenticationProvider;
import io.parley.app.config.ParleyMode;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The admin credentials ({@code PARLEY_ADMIN_USERNAME}/{@code PARLEY_ADMIN_PASSWORD}), checked for HTTP Basic on
 * the API and for the console's login form alike. Compared as SHA-256 digests in constant time, so neither the
 * length nor a common prefix of the password shows in the response time.
 */
@Singleton
class AdminAuthenticationProvider<B> implements HttpRequestAuthenticationProvider<B> {

    static final String ROLE = "ADMIN";

    private final String username;
    private final byte[] expected;

    AdminAuthenticationProvider(ParleyMode mode) {
        this.username = mode.adminUsername();
        this.expected = digest(mode.adminUsername() + ":" + mode.adminPassword());
    }

    @Override
    public AuthenticationResponse authenticate(@Nullable HttpRequest<B> request,
                                               AuthenticationRequest<String, String> authRequest) {
        String identity = authRequest.getIdentity();
        String secret = authRequest.getSecret();
        if (identity != null && secret != null
                && MessageDigest.isEqual(expected, digest(identity + ":" + secret))) {
            return AuthenticationResponse.success(username, List.of(ROLE));
        }
        return AuthenticationResponse.failure(AuthenticationFailureReason.CREDENTIALS_DO_NOT_MATCH);
    }

    private static byte[] digest(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
