package io.parley.app.config;

import io.micronaut.context.annotation.Value;
import io.parley.domain.port.out.CustomerReference;
import io.parley.domain.port.out.SettingsPort;
import io.parley.domain.port.out.TransactionPort;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 of a customer's id, cut to 16 hex characters: the same customer is the same reference on every
 * instance and after restarts, and a list of phone numbers cannot be hashed to find them without the key. The key
 * is {@code PARLEY_CUSTOMER_HASH_KEY} when set, else a random one made on the first use and kept in the database.
 */
@Singleton
class KeyedCustomerReference implements CustomerReference {

    static final String SETTING = "privacy.customer-hash-key";

    private final TransactionPort transactions;
    private final SettingsPort settings;
    private final String configured;
    private volatile SecretKeySpec key;

    KeyedCustomerReference(TransactionPort transactions, SettingsPort settings,
                           @Value("${parley.customer-hash-key:}") String configured) {
        this.transactions = transactions;
        this.settings = settings;
        this.configured = configured;
    }

    @Override
    public String of(String customerId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key());
            return HexFormat.of().formatHex(mac.doFinal(customerId.getBytes(StandardCharsets.UTF_8)), 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private SecretKeySpec key() {
        SecretKeySpec known = key;
        if (known == null) {
            byte[] bytes;
            if (configured != null && !configured.isBlank()) {
                bytes = configured.getBytes(StandardCharsets.UTF_8);
            } else {
                byte[] fresh = new byte[32];
                new SecureRandom().nextBytes(fresh);
                String stored = transactions.inTransaction(() -> {
                    settings.putIfAbsent(SETTING, Base64.getEncoder().encodeToString(fresh));
                    return settings.get(SETTING).orElseThrow();
                });
                bytes = Base64.getDecoder().decode(stored);
            }
            known = new SecretKeySpec(bytes, "HmacSHA256");
            key = known;
        }
        return known;
    }
}
