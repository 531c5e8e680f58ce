package io.parley.adapters.eventgrid;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Microsoft Entra ID protection for the webhook: Event Grid sends {@code Authorization: Bearer <token>} for a
 * subscription created with Entra authentication. The token must be an RS256/384/512 JWT signed by a key of the
 * configured JWKS, issued by one of the configured issuers, for the configured audience, and within its validity
 * (five minutes of clock skew allowed). The checks are nimbus-jose-jwt's; its JWK source caches the keys, fetches
 * them again for an unknown key id at most once a minute, and keeps using the cached keys through a JWKS outage.
 * Enabled when {@code parley.webhook.entra.audience} is set.
 */
@Singleton
class EntraTokenValidator {

    private static final int SKEW_SECONDS = (int) Duration.ofMinutes(5).toSeconds();
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512);
    private static final long REFETCH_AT_MOST_EVERY_MS = Duration.ofMinutes(1).toMillis();

    /** What a token check found: the token is good, it is not (401), or its keys cannot be had now (503). */
    record Verdict(Kind kind, @Nullable String problem) {
        enum Kind { VALID, INVALID, UNAVAILABLE }

        static final Verdict VALID = new Verdict(Kind.VALID, null);

        static Verdict invalid(String problem) {
            return new Verdict(Kind.INVALID, problem);
        }
    }

    private final String audience;
    private final List<String> issuers;
    private final DefaultJWTProcessor<SecurityContext> processor;

    @Inject
    EntraTokenValidator(EntraSettings settings, Clock clock) {
        this(settings.audience(), settings.issuer(), settings.jwksUri(), clock);
    }

    EntraTokenValidator(@Nullable String audience, @Nullable String issuers, @Nullable String jwksUri, Clock clock) {
        this.audience = audience == null ? "" : audience.strip();
        this.issuers = issuers == null ? List.of() : Arrays.stream(issuers.split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        boolean noJwks = jwksUri == null || jwksUri.isBlank();
        if (isEnabled() && (this.issuers.isEmpty() || noJwks)) {
            throw new IllegalStateException("Entra ID protection needs parley.webhook.entra.issuer and "
                    + "parley.webhook.entra.jwks-uri besides the audience");
        }
        this.processor = isEnabled() ? processor(jwksUri.strip(), clock) : null;
    }

    private DefaultJWTProcessor<SecurityContext> processor(String jwksUri, Clock clock) {
        JWKSource<SecurityContext> keys;
        try {
            keys = JWKSourceBuilder.<SecurityContext>create(URI.create(jwksUri).toURL(),
                            new DefaultResourceRetriever(5_000, 10_000, 512 * 1024))
                    .rateLimited(REFETCH_AT_MOST_EVERY_MS)
                    .outageTolerant(true)
                    .build();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalStateException("parley.webhook.entra.jwks-uri is not a URL: " + jwksUri, e);
        }
        DefaultJWTProcessor<SecurityContext> jwt = new DefaultJWTProcessor<>();
        jwt.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(audience, null,
                Set.of("exp", "iss")) {
            @Override
            protected Date currentTime() {
                return Date.from(clock.instant());
            }
        };
        claims.setMaxClockSkew(SKEW_SECONDS);
        jwt.setJWTClaimsSetVerifier(claims);
        return jwt;
    }

    boolean isEnabled() {
        return !audience.isEmpty();
    }

    /** Empty when the header carries a valid token, otherwise what is wrong with it. */
    Optional<String> problem(@Nullable String authorization) {
        return Optional.ofNullable(check(authorization).problem());
    }

    Verdict check(@Nullable String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Verdict.invalid("a bearer token is required");
        }
        SignedJWT token;
        try {
            token = SignedJWT.parse(authorization.substring(7).strip());
        } catch (ParseException | RuntimeException e) {
            return Verdict.invalid("the bearer token is not a JWT");
        }
        if (!ALGORITHMS.contains(token.getHeader().getAlgorithm())) {
            return Verdict.invalid("the token's algorithm is not RS256, RS384 or RS512");
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (RateLimitReachedException e) {
            return Verdict.invalid("the token was signed by a key the JWKS does not list");
        } catch (KeySourceException e) {
            return new Verdict(Verdict.Kind.UNAVAILABLE, "the JWKS cannot be fetched: " + e.getMessage());
        } catch (BadJWTException e) {
            return Verdict.invalid(claimsProblem(e));
        } catch (BadJWSException e) {
            return Verdict.invalid("the token's signature is invalid");
        } catch (BadJOSEException e) {
            return Verdict.invalid("the token was signed by a key the JWKS does not list");
        } catch (JOSEException | RuntimeException e) {
            return Verdict.invalid("the bearer token cannot be read");
        }
        if (!issuers.contains(claims.getIssuer())) {
            return Verdict.invalid("the token's issuer is not accepted");
        }
        return Verdict.VALID;
    }

    /** nimbus's claim errors in the words operators read in the log. */
    private static String claimsProblem(BadJWTException e) {
        String message = String.valueOf(e.getMessage());
        if (message.startsWith("Expired")) {
            return "the token has expired";
        }
        if (message.contains("before use time")) {
            return "the token is not valid yet";
        }
        if (message.contains("aud")) {
            return "the token is for another audience";
        }
        if (message.contains("missing required claims")) {
            return "the token lacks the exp or iss claim";
        }
        return "the token's claims cannot be read";
    }
}
