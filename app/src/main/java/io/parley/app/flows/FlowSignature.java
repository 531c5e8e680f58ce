package io.parley.app.flows;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code X-Parley-Signature} of flow calls (CONTRACT.md, "Flows"): {@code sha256=} and the hex HMAC-SHA256 of the
 * exact body bytes (empty for a GET), keyed with PARLEY_FLOWS_HTTP_SECRET. What Parley sends, and what a receiver
 * (the demo shop) checks.
 */
public final class FlowSignature {

    private FlowSignature() {
    }

    public static String of(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** True when {@code given} is the signature of {@code body} (compared in constant time). */
    public static boolean matches(String secret, byte[] body, String given) {
        return given != null && MessageDigest.isEqual(of(secret, body).getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
    }
}
