package io.parley.app.security;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.AuthenticationFailureReason;
import io.micronaut.security.authentication.AuthenticationRequest;
import io.micronaut.security.authentication.AuthenticationResponse;
import io.micronaut.security.authentication.provider.HttpRequestAuthenticationProvider;
import io.parley.app.config.ParleyMode;
import io.parley.domain.model.AuditAction;
import io.parley.domain.model.UserAccount;
import io.parley.domain.port.out.PasswordHasher;
import io.parley.domain.port.out.TransactionPort;
import io.parley.domain.port.out.UserPort;
import io.parley.domain.service.AuditTrail;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs in the admin of the settings ({@code PARLEY_ADMIN_USERNAME}/{@code PARLEY_ADMIN_PASSWORD}, compared as
 * SHA-256 digests in constant time) and the team's users (Argon2id hashes), for HTTP Basic on the API and the
 * console's login form alike. Failed sign-ins are throttled per username ({@link SignInThrottle}), logged (the name
 * and the address, never the password) and audited; a request whose credentials were checked here is marked
 * {@link #PASSWORD_CHECKED}, which is what exempts it from CSRF checks.
 *
 * <p>An Argon2id check costs tens of milliseconds by design, and HTTP Basic sends the password with every request:
 * a password that matched is remembered (as an HMAC under a key that lives only in this process, next to the hash
 * it matched) so that a script's next requests cost a map lookup; a new password has a new hash, which forgets it.
 * A name that is nobody's still costs one Argon2id check, so the time of an answer does not tell which names exist.
 */
@Singleton
class ParleyAuthenticationProvider<B> implements HttpRequestAuthenticationProvider<B> {

    /** Request attribute: this request carried a username and password that were checked and accepted. */
    static final String PASSWORD_CHECKED = "parley.security.password-checked";
    /** Request attribute: the {@link java.time.Duration} sign-ins for the request's username are refused for. */
    static final String THROTTLED_FOR = "parley.security.throttled-for";
    /**
     * The session's claim that ties it to the password it signed in with: a digest of the password's hash (a
     * salted hash of a salted hash, which tells nothing about the password). A new password, or a user removed
     * and invited again, ends every session signed in before.
     */
    static final String PASSWORD_CLAIM = "pwd";
    /** HTTP Basic sign-ins of one user are audited at most this often (each request signs in). */
    static final Duration BASIC_AUDITED_EVERY = Duration.ofHours(1);
    /** Failed sign-ins audited per minute at most; an attacker cycling names must not fill the log. */
    static final int FAILURES_AUDITED_PER_MINUTE = 60;
    private static final int REMEMBERED = 1_000;

    private static final Logger LOG = LoggerFactory.getLogger(ParleyAuthenticationProvider.class);

    private record Remembered(String hash, byte[] mac) {
    }

    private final String admin;
    private final byte[] expected;
    private final SignInThrottle throttle;
    // through providers: the authenticator's bean condition looks for providers while the database beans are
    // being made, and a direct dependency on them makes that a cycle
    private final Provider<TransactionPort> transactions;
    private final Provider<UserPort> users;
    private final PasswordHasher hasher;
    private final Provider<AuditTrail> audit;
    private final Clock clock;
    private volatile String nobodysHash;
    private final SecretKeySpec macKey;
    private final Map<String, Remembered> remembered = boundedMap(REMEMBERED);
    private final Map<String, Instant> basicAudited = boundedMap(REMEMBERED);
    private Instant failureMinute = Instant.EPOCH;
    private int failuresThisMinute;

    ParleyAuthenticationProvider(ParleyMode mode, SignInThrottle throttle, Provider<TransactionPort> transactions,
                                 Provider<UserPort> users, PasswordHasher hasher, Provider<AuditTrail> audit,
                                 Clock clock) {
        this.admin = mode.adminUsername();
        this.expected = digest(mode.adminUsername() + ":" + mode.adminPassword());
        this.throttle = throttle;
        this.transactions = transactions;
        this.users = users;
        this.hasher = hasher;
        this.audit = audit;
        this.clock = clock;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.macKey = new SecretKeySpec(key, "HmacSHA256");
    }

    @Override
    public AuthenticationResponse authenticate(@Nullable HttpRequest<B> request,
                                               AuthenticationRequest<String, String> authRequest) {
        String identity = authRequest.getIdentity() == null ? "" : authRequest.getIdentity();
        String secret = authRequest.getSecret();
        boolean form = request != null && request.getPath().equals("/login");
        Optional<Duration> refused = throttle.refusedFor(identity);
        if (refused.isPresent()) {
            if (request != null) {
                request.setAttribute(THROTTLED_FOR, refused.get());
            }
            return AuthenticationResponse.failure("too many failed sign-ins for this username");
        }
        Optional<SignedIn> signedIn = check(identity, secret);
        if (signedIn.isPresent()) {
            throttle.succeeded(identity);
            if (request != null) {
                request.setAttribute(PASSWORD_CHECKED, Boolean.TRUE);
            }
            SignedIn who = signedIn.get();
            auditSignIn(who.name(), form, request);
            return who.passwordHash() == null ? AuthenticationResponse.success(who.name(), List.of(who.role()))
                    : AuthenticationResponse.success(who.name(), List.of(who.role()),
                    Map.of(PASSWORD_CLAIM, fingerprint(who.passwordHash())));
        }
        int failures = throttle.failed(identity);
        String from = address(request);
        LOG.warn("failed sign-in for username \"{}\" from {} ({} of {} allowed within {} minutes)",
                printable(identity), from, failures, SignInThrottle.MAX_FAILURES, SignInThrottle.WINDOW.toMinutes());
        auditFailure(identity, form, from, failures);
        return AuthenticationResponse.failure(AuthenticationFailureReason.CREDENTIALS_DO_NOT_MATCH);
    }

    /** Whoever the credentials signed in: the stored name and role, and the hash (null: the admin of the settings). */
    private record SignedIn(String name, String role, @Nullable String passwordHash) {
    }

    /** Whoever these credentials sign in, or empty. */
    private Optional<SignedIn> check(String identity, @Nullable String secret) {
        if (secret == null) {
            return Optional.empty();
        }
        if (identity.equals(admin)) {
            return MessageDigest.isEqual(expected, digest(identity + ":" + secret))
                    ? Optional.of(new SignedIn(admin, "ADMIN", null)) : Optional.empty();
        }
        Optional<UserAccount> user = users(identity);
        if (user.isEmpty()) {
            hasher.matches(secret, nobodysHash());
            return Optional.empty();
        }
        UserAccount account = user.get();
        String key = account.username().toLowerCase(Locale.ROOT);
        byte[] mac = mac(key + ":" + secret);
        Remembered known;
        synchronized (remembered) {
            known = remembered.get(key);
        }
        SignedIn who = new SignedIn(account.username(), account.role().name(), account.passwordHash());
        if (known != null && known.hash().equals(account.passwordHash()) && MessageDigest.isEqual(known.mac(), mac)) {
            return Optional.of(who);
        }
        if (!hasher.matches(secret, account.passwordHash())) {
            return Optional.empty();
        }
        synchronized (remembered) {
            remembered.put(key, new Remembered(account.passwordHash(), mac));
        }
        return Optional.of(who);
    }

    private Optional<UserAccount> users(String identity) {
        if (identity.isEmpty() || identity.length() > 64) {
            return Optional.empty();
        }
        return transactions.get().inTransaction(() -> users.get().find(identity));
    }

    private void auditSignIn(String name, boolean form, @Nullable HttpRequest<?> request) {
        Instant now = clock.instant();
        if (!form) {
            synchronized (basicAudited) {
                Instant last = basicAudited.get(name);
                if (last != null && last.plus(BASIC_AUDITED_EVERY).isAfter(now)) {
                    return;
                }
                basicAudited.put(name, now);
            }
        }
        record(name, AuditAction.SIGNED_IN, (form ? "console" : "API (HTTP Basic; recorded once an hour)")
                + " from " + address(request));
    }

    private void auditFailure(String identity, boolean form, String from, int failures) {
        Instant minute = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        synchronized (this) {
            if (!minute.equals(failureMinute)) {
                failureMinute = minute;
                failuresThisMinute = 0;
            }
            if (++failuresThisMinute > FAILURES_AUDITED_PER_MINUTE) {
                return; // still logged and throttled, not audited
            }
        }
        record(printable(identity), AuditAction.SIGN_IN_FAILED, (form ? "console" : "API (HTTP Basic)") + " from "
                + from + ", " + failures + " of " + SignInThrottle.MAX_FAILURES + " allowed within "
                + SignInThrottle.WINDOW.toMinutes() + " minutes");
    }

    private void record(String actor, AuditAction action, String detail) {
        try {
            transactions.get().inTransaction(() -> {
                audit.get().record(actor, action, "sign-in", detail);
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warn("could not audit a sign-in of \"{}\": {}", printable(actor), e.toString());
        }
    }

    /** A hash nobody's password matches, checked for names that are nobody's: the same cost as a real check. */
    private String nobodysHash() {
        String hash = nobodysHash;
        if (hash == null) {
            hash = hasher.hash("not anybody's password " + new SecureRandom().nextLong());
            nobodysHash = hash;
        }
        return hash;
    }

    private static String address(@Nullable HttpRequest<?> request) {
        return request == null ? "?" : request.getRemoteAddress().getAddress().getHostAddress();
    }

    /** The name as it may go into a log line: no control characters (no forged lines), at most 64 characters. */
    static String printable(String name) {
        String visible = name.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return visible.length() > 64 ? visible.substring(0, 64) + "..." : visible;
    }

    static String fingerprint(String passwordHash) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(
                digest("session:" + passwordHash), 12));
    }

    private byte[] mac(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(macKey);
            return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] digest(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <V> Map<String, V> boundedMap(int max) {
        return new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > max;
            }
        };
    }
}
