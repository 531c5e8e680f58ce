package io.parley.app.admin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.parley.app.config.ParleyMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

/** HTTP Basic for the admin API (everything under /api except the Event Grid webhook). */
@ServerFilter({"/api/rules", "/api/rules/**", "/api/conversations", "/api/conversations/**", "/api/messages/**",
        "/api/media/**", "/api/status-reports", "/api/status-reports/**",
        "/api/dead-letters", "/api/dead-letters/**"})
class AdminBasicAuthFilter {

    private final byte[] expected;

    AdminBasicAuthFilter(ParleyMode mode) {
        this.expected = digest(mode.adminUsername() + ":" + mode.adminPassword());
    }

    @RequestFilter
    @Nullable
    HttpResponse<?> authenticate(HttpRequest<?> request) {
        String header = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                byte[] credentials = Base64.getDecoder().decode(header.substring(6).strip());
                if (MessageDigest.isEqual(expected, digest(new String(credentials, StandardCharsets.UTF_8)))) {
                    return null;
                }
            } catch (IllegalArgumentException notBase64) {
                // fall through to 401
            }
        }
        return HttpResponse.unauthorized()
                .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"Parley admin\", charset=\"UTF-8\"")
                .body(Map.of("error", header == null ? "authentication required" : "wrong username or password"));
    }

    private static byte[] digest(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
