package io.parley.adapters.eventgrid;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * The shared secret Event Grid sends as {@code ?code=}. Two may be valid at once (current and previous) so that the
 * subscription can be moved to a new secret without refusing deliveries. Compared in constant time, on digests, so
 * that neither the content nor the length of a secret leaks through timing.
 */
@Singleton
class WebhookSecret {

    private final List<byte[]> digests = new ArrayList<>();

    @Inject
    WebhookSecret(WebhookSettings settings) {
        this(settings.secret(), settings.previousSecret());
    }

    WebhookSecret(@Nullable String secret, @Nullable String previousSecret) {
        for (String s : new String[] {secret, previousSecret}) {
            if (s != null && !s.isBlank()) {
                digests.add(digest(s.strip()));
            }
        }
    }

    boolean isConfigured() {
        return !digests.isEmpty();
    }

    /** True when no secret is configured, or {@code code} is one of the configured secrets. */
    boolean accepts(@Nullable String code) {
        if (digests.isEmpty()) {
            return true;
        }
        byte[] given = digest(code == null ? "" : code);
        boolean match = false;
        for (byte[] expected : digests) {
            match |= MessageDigest.isEqual(expected, given);
        }
        return match && code != null;
    }

    private static byte[] digest(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
