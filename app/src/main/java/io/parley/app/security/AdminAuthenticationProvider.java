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
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin credentials ({@code PARLEY_ADMIN_USERNAME}/{@code PARLEY_ADMIN_PASSWORD}), checked for HTTP Basic on
 * the API and for the console's login form alike. Compared as SHA-256 digests in constant time, so neither the
 * length nor a common prefix of the password shows in the response time. Failed sign-ins are logged (the name and
 * the address, never the password) and throttled per username ({@link SignInThrottle}); a request whose
 * credentials were checked here is marked {@link #PASSWORD_CHECKED}, which is what exempts it from CSRF checks.
 */
@Singleton
class AdminAuthenticationProvider<B> implements HttpRequestAuthenticationProvider<B> {

    static final String ROLE = "ADMIN";
    /** Request attribute: this request carried a username and password that were checked and accepted. */
    static final String PASSWORD_CHECKED = "parley.security.password-checked";
    /** Request attribute: the {@link java.time.Duration} sign-ins for the request's username are refused for. */
    static final String THROTTLED_FOR = "parley.security.throttled-for";

    private static final Logger LOG = LoggerFactory.getLogger(AdminAuthenticationProvider.class);

    private final String username;
    private final byte[] expected;
    private final SignInThrottle throttle;

    AdminAuthenticationProvider(ParleyMode mode, SignInThrottle throttle) {
        this.username = mode.adminUsername();
        this.expected = digest(mode.adminUsername() + ":" + mode.adminPassword());
        this.throttle = throttle;
    }

    @Override
    public AuthenticationResponse authenticate(@Nullable HttpRequest<B> request,
                                               AuthenticationRequest<String, String> authRequest) {
        String identity = authRequest.getIdentity() == null ? "" : authRequest.getIdentity();
        String secret = authRequest.getSecret();
        Optional<Duration> refused = throttle.refusedFor(identity);
        if (refused.isPresent()) {
            if (request != null) {
                request.setAttribute(THROTTLED_FOR, refused.get());
            }
            return AuthenticationResponse.failure("too many failed sign-ins for this username");
        }
        if (secret != null && MessageDigest.isEqual(expected, digest(identity + ":" + secret))) {
            throttle.succeeded(identity);
            if (request != null) {
                request.setAttribute(PASSWORD_CHECKED, Boolean.TRUE);
            }
            return AuthenticationResponse.success(username, List.of(ROLE));
        }
        int failures = throttle.failed(identity);
        LOG.warn("failed sign-in for username \"{}\" from {} ({} of {} allowed within {} minutes)",
                printable(identity), request == null ? "?" : request.getRemoteAddress().getAddress().getHostAddress(),
                failures, SignInThrottle.MAX_FAILURES, SignInThrottle.WINDOW.toMinutes());
        return AuthenticationResponse.failure(AuthenticationFailureReason.CREDENTIALS_DO_NOT_MATCH);
    }

    /** The name as it may go into a log line: no control characters (no forged lines), at most 64 characters. */
    static String printable(String name) {
        String visible = name.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return visible.length() > 64 ? visible.substring(0, 64) + "..." : visible;
    }

    private static byte[] digest(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
