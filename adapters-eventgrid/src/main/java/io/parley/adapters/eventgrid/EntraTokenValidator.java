package io.parley.adapters.eventgrid;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Microsoft Entra ID protection for the webhook: Event Grid sends {@code Authorization: Bearer <token>} for a
 * subscription created with Entra authentication. The token must be an RS256/384/512 JWT signed by a key of the
 * configured JWKS, issued by one of the configured issuers, for the configured audience, and within its validity
 * (five minutes of clock skew allowed). Keys are cached and fetched again when a token names an unknown key id
 * (at most once a minute). Enabled when {@code parley.webhook.entra.audience} is set.
 */
@Singleton
class EntraTokenValidator {

    private static final Duration SKEW = Duration.ofMinutes(5);
    private static final Duration REFETCH_AT_MOST_EVERY = Duration.ofMinutes(1);
    private static final Map<String, String> ALGORITHMS = Map.of("RS256", "SHA256withRSA", "RS384",
            "SHA384withRSA", "RS512", "SHA512withRSA");

    private final String audience;
    private final List<String> issuers;
    private final URI jwksUri;
    private final JsonMapper json;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile Map<String, PublicKey> keys = Map.of();
    private volatile Instant fetchedAt = Instant.EPOCH;

    EntraTokenValidator(@Value("${parley.webhook.entra.audience:}") @Nullable String audience,
                        @Value("${parley.webhook.entra.issuer:}") @Nullable String issuers,
                        @Value("${parley.webhook.entra.jwks-uri:}") @Nullable String jwksUri,
                        JsonMapper json, Clock clock) {
        this.audience = audience == null ? "" : audience.strip();
        this.issuers = issuers == null ? List.of() : Arrays.stream(issuers.split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        this.jwksUri = jwksUri == null || jwksUri.isBlank() ? null : URI.create(jwksUri.strip());
        this.json = json;
        this.clock = clock;
        if (isEnabled() && (this.issuers.isEmpty() || this.jwksUri == null)) {
            throw new IllegalStateException("Entra ID protection needs parley.webhook.entra.issuer and "
                    + "parley.webhook.entra.jwks-uri besides the audience");
        }
    }

    boolean isEnabled() {
        return !audience.isEmpty();
    }

    /** Empty when the header carries a valid token, otherwise what is wrong with it. */
    Optional<String> problem(@Nullable String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of("a bearer token is required");
        }
        String[] parts = authorization.substring(7).strip().split("\\.", -1);
        if (parts.length != 3) {
            return Optional.of("the bearer token is not a JWT");
        }
        try {
            JsonNode header = decode(parts[0]);
            JsonNode claims = decode(parts[1]);
            String algorithm = ALGORITHMS.get(DeliveryParser.text(header.get("alg")));
            if (algorithm == null) {
                return Optional.of("the token's algorithm is not RS256, RS384 or RS512");
            }
            PublicKey key = key(DeliveryParser.text(header.get("kid")));
            if (key == null) {
                return Optional.of("the token was signed by a key the JWKS does not list");
            }
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(key);
            verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!verifier.verify(Base64.getUrlDecoder().decode(parts[2]))) {
                return Optional.of("the token's signature is invalid");
            }
            return claimsProblem(claims);
        } catch (IllegalArgumentException | IOException | GeneralSecurityException e) {
            return Optional.of("the bearer token cannot be read");
        }
    }

    private Optional<String> claimsProblem(JsonNode claims) {
        Instant now = clock.instant();
        JsonNode exp = claims.get("exp");
        if (exp == null || !exp.isNumber() || Instant.ofEpochSecond(exp.getLongValue()).plus(SKEW).isBefore(now)) {
            return Optional.of("the token has expired");
        }
        JsonNode nbf = claims.get("nbf");
        if (nbf != null && nbf.isNumber() && Instant.ofEpochSecond(nbf.getLongValue()).minus(SKEW).isAfter(now)) {
            return Optional.of("the token is not valid yet");
        }
        if (!issuers.contains(DeliveryParser.text(claims.get("iss")))) {
            return Optional.of("the token's issuer is not accepted");
        }
        JsonNode aud = claims.get("aud");
        boolean audienceMatches = aud != null && (audience.equals(DeliveryParser.text(aud))
                || aud.isArray() && containsText(aud, audience));
        return audienceMatches ? Optional.empty() : Optional.of("the token is for another audience");
    }

    private static boolean containsText(JsonNode array, String value) {
        for (JsonNode item : array.values()) {
            if (value.equals(DeliveryParser.text(item))) {
                return true;
            }
        }
        return false;
    }

    private JsonNode decode(String part) throws IOException {
        JsonNode node = json.readValue(Base64.getUrlDecoder().decode(part), Argument.of(JsonNode.class));
        if (node == null || !node.isObject()) {
            throw new IOException("not a JSON object");
        }
        return node;
    }

    private PublicKey key(String kid) throws IOException, GeneralSecurityException {
        PublicKey known = kid == null ? null : keys.get(kid);
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (kid != null && keys.containsKey(kid)) {
                return keys.get(kid);
            }
            if (Duration.between(fetchedAt, clock.instant()).compareTo(REFETCH_AT_MOST_EVERY) < 0) {
                return kid == null && keys.size() == 1 ? keys.values().iterator().next() : null;
            }
            keys = fetchKeys();
            fetchedAt = clock.instant();
            if (kid == null) {
                return keys.size() == 1 ? keys.values().iterator().next() : null;
            }
            return keys.get(kid);
        }
    }

    private Map<String, PublicKey> fetchKeys() throws IOException, GeneralSecurityException {
        HttpResponse<byte[]> response;
        try {
            response = http.send(HttpRequest.newBuilder(jwksUri).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching the JWKS", e);
        }
        if (response.statusCode() != 200) {
            throw new IOException("the JWKS endpoint answered " + response.statusCode());
        }
        JsonNode jwks = json.readValue(response.body(), Argument.of(JsonNode.class));
        Map<String, PublicKey> found = new HashMap<>();
        JsonNode list = jwks == null ? null : jwks.get("keys");
        if (list == null || !list.isArray()) {
            throw new IOException("the JWKS has no keys");
        }
        KeyFactory rsa = KeyFactory.getInstance("RSA");
        for (JsonNode jwk : list.values()) {
            if (!"RSA".equals(DeliveryParser.text(jwk.get("kty"))) || Set.of("enc").contains(
                    DeliveryParser.text(jwk.get("use")))) {
                continue;
            }
            String n = DeliveryParser.text(jwk.get("n"));
            String e = DeliveryParser.text(jwk.get("e"));
            String kid = DeliveryParser.text(jwk.get("kid"));
            if (n != null && e != null && kid != null) {
                found.put(kid, rsa.generatePublic(new RSAPublicKeySpec(
                        new BigInteger(1, Base64.getUrlDecoder().decode(n)),
                        new BigInteger(1, Base64.getUrlDecoder().decode(e)))));
            }
        }
        return Map.copyOf(found);
    }
}
