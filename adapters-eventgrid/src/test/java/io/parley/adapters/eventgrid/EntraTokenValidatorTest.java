package io.parley.adapters.eventgrid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EntraTokenValidatorTest {

    private static JwksServer jwks;
    private static ApplicationContext context;
    private static EntraTokenValidator validator;

    @BeforeAll
    static void start() throws Exception {
        jwks = new JwksServer();
        context = ApplicationContext.run();
        validator = new EntraTokenValidator(JwksServer.AUDIENCE, "https://sts.windows.net/tenant-1/, "
                + JwksServer.ISSUER, jwks.jwksUri(), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        jwks.close();
        context.close();
    }

    private static Optional<String> check(String token) {
        return validator.problem("Bearer " + token);
    }

    @Test
    void aValidTokenPasses() {
        assertEquals(Optional.empty(), check(jwks.validToken()));
        assertEquals(Optional.empty(), validator.problem("bearer " + jwks.validToken()), "scheme is case-insensitive");
    }

    @Test
    void everyWrongTokenIsRefusedWithTheReason() {
        Instant later = Instant.now().plusSeconds(600);
        assertEquals("a bearer token is required", validator.problem(null).orElseThrow());
        assertEquals("a bearer token is required", validator.problem("Basic abc").orElseThrow());
        assertEquals("the bearer token is not a JWT", check("abc").orElseThrow());
        assertEquals("the token has expired", check(jwks.token("key-1", JwksServer.ISSUER, JwksServer.AUDIENCE,
                Instant.now().minusSeconds(3600))).orElseThrow());
        assertEquals("the token's issuer is not accepted", check(jwks.token("key-1", "https://evil.example/",
                JwksServer.AUDIENCE, later)).orElseThrow());
        assertEquals("the token is for another audience", check(jwks.token("key-1", JwksServer.ISSUER,
                "api://someone-else", later)).orElseThrow());
        assertEquals("the token's signature is invalid", check(jwks.tokenByStranger()).orElseThrow());
        assertEquals("the token was signed by a key the JWKS does not list", check(jwks.token("key-9",
                JwksServer.ISSUER, JwksServer.AUDIENCE, later)).orElseThrow());
        String[] parts = jwks.validToken().split("\\.");
        String none = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\"}".getBytes()) + "." + parts[1] + ".";
        assertTrue(check(none).isPresent(), "alg none is refused");
        assertTrue(check("!!.??.**").isPresent());
    }

    @Test
    void absurdClaimsAreABadTokenNotAFailure() {
        String absurd = jwks.tokenWithClaims("{\"iss\":\"" + JwksServer.ISSUER + "\",\"aud\":\""
                + JwksServer.AUDIENCE + "\",\"exp\":1e300}");
        EntraTokenValidator.Verdict verdict = validator.check("Bearer " + absurd);
        assertEquals(EntraTokenValidator.Verdict.Kind.INVALID, verdict.kind(), verdict.problem());
        String noExpiry = jwks.tokenWithClaims("{\"iss\":\"" + JwksServer.ISSUER + "\",\"aud\":\""
                + JwksServer.AUDIENCE + "\"}");
        assertEquals("the token lacks the exp or iss claim", check(noExpiry).orElseThrow());
    }

    @Test
    void aJwksOutageIsUnavailableNotABadToken() throws Exception {
        try (JwksServer failing = new JwksServer()) {
            failing.down = true;
            EntraTokenValidator fresh = new EntraTokenValidator(JwksServer.AUDIENCE, JwksServer.ISSUER,
                    failing.jwksUri(), Clock.systemUTC());
            EntraTokenValidator.Verdict verdict = fresh.check("Bearer " + failing.validToken());
            assertEquals(EntraTokenValidator.Verdict.Kind.UNAVAILABLE, verdict.kind(), verdict.problem());
        }
    }

    @Test
    void unknownKeyIdsDoNotHammerTheJwksEndpoint() {
        int before = jwks.fetches.get();
        for (int i = 0; i < 20; i++) {
            check(jwks.token("unknown-" + i, JwksServer.ISSUER, JwksServer.AUDIENCE, Instant.now().plusSeconds(60)));
        }
        assertTrue(jwks.fetches.get() - before <= 1, "fetched " + (jwks.fetches.get() - before) + " times");
    }

    @Test
    void anAudienceWithoutIssuerOrJwksIsAConfigurationError() {
        assertThrows(IllegalStateException.class, () -> new EntraTokenValidator("api://x", "", "",
                Clock.systemUTC()));
        assertFalse(new EntraTokenValidator("", "", "", Clock.systemUTC())
                .isEnabled());
    }
}
