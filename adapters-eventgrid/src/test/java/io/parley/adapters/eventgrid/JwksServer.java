package io.parley.adapters.eventgrid;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;

/** A local stand-in for Entra ID's JWKS endpoint, with a signing key to mint test tokens. */
final class JwksServer implements AutoCloseable {

    static final String ISSUER = "https://login.microsoftonline.com/tenant-1/v2.0";
    static final String AUDIENCE = "api://parley-webhook";

    private final KeyPair key;
    private final KeyPair stranger;
    private final HttpServer server;
    final AtomicInteger fetches = new AtomicInteger();
    /** While set, the key endpoint answers 500, as during an outage of the identity provider. */
    volatile boolean down;

    JwksServer() throws IOException, GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        key = generator.generateKeyPair();
        stranger = generator.generateKeyPair();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/keys", exchange -> {
            fetches.incrementAndGet();
            if (down) {
                exchange.sendResponseHeaders(500, -1);
                exchange.close();
                return;
            }
            RSAPublicKey pub = (RSAPublicKey) key.getPublic();
            String body = "{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"kid\":\"key-1\",\"n\":\"" + b64(pub.getModulus()
                    .toByteArray()) + "\",\"e\":\"" + b64(pub.getPublicExponent().toByteArray()) + "\"}]}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    String jwksUri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/keys";
    }

    String token(String kid, String issuer, String audience, Instant expires) {
        return sign(kid, issuer, audience, expires, key);
    }

    String tokenByStranger() {
        return sign("key-1", ISSUER, AUDIENCE, Instant.now().plusSeconds(600), stranger);
    }

    String validToken() {
        return token("key-1", ISSUER, AUDIENCE, Instant.now().plusSeconds(600));
    }

    private static String sign(String kid, String issuer, String audience, Instant expires, KeyPair with) {
        return signClaims(kid, "{\"iss\":\"" + issuer + "\",\"aud\":\"" + audience + "\",\"exp\":"
                + expires.getEpochSecond() + ",\"nbf\":" + (Instant.now().getEpochSecond() - 60) + "}", with);
    }

    /** A token of the JWKS's key with these claims, exactly as written. */
    String tokenWithClaims(String claimsJson) {
        return signClaims("key-1", claimsJson, key);
    }

    private static String signClaims(String kid, String claimsJson, KeyPair with) {
        try {
            String header = b64(("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}")
                    .getBytes(StandardCharsets.UTF_8));
            String claims = b64(claimsJson.getBytes(StandardCharsets.UTF_8));
            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(with.getPrivate());
            signer.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
            return header + "." + claims + "." + b64(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
