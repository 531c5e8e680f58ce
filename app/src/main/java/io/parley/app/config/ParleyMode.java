package io.parley.app.config;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Demo mode (no ACS connection string: replies go to the simulated channel) or production mode (replies go to
 * ACS). Production refuses to start without the protections the demo can do without: an admin password and a
 * webhook secret. Checked at startup, before the server accepts anything.
 */
@Context
public class ParleyMode {

    private static final Logger LOG = LoggerFactory.getLogger(ParleyMode.class);
    /** The shortest admin password production accepts. */
    public static final int MIN_PASSWORD_LENGTH = 12;

    private final boolean demo;
    private final String adminUsername;
    private final String adminPassword;

    ParleyMode(@Value("${parley.acs.connection-string:}") @Nullable String connectionString,
               @Value("${parley.admin.username:}") @Nullable String username,
               @Value("${parley.admin.password:}") @Nullable String password,
               @Value("${parley.webhook.secret:}") @Nullable String webhookSecret,
               @Value("${parley.webhook.entra.audience:}") @Nullable String entraAudience) {
        this.demo = connectionString == null || connectionString.isBlank();
        boolean passwordSet = password != null && !password.isBlank();
        if (!demo && !passwordSet) {
            throw new ConfigurationException("PARLEY_ACS_CONNECTION_STRING is set but PARLEY_ADMIN_PASSWORD is not: "
                    + "Parley will not expose the admin API of a live WhatsApp number with a default password");
        }
        if (!demo && password.length() < MIN_PASSWORD_LENGTH) {
            throw new ConfigurationException("PARLEY_ADMIN_PASSWORD is shorter than " + MIN_PASSWORD_LENGTH
                    + " characters: Parley will not expose the admin API of a live WhatsApp number with a password "
                    + "that can be guessed");
        }
        boolean secretSet = webhookSecret != null && !webhookSecret.isBlank();
        boolean entraSet = entraAudience != null && !entraAudience.isBlank();
        if (!demo && !secretSet && !entraSet) {
            throw new ConfigurationException("PARLEY_ACS_CONNECTION_STRING is set but neither PARLEY_WEBHOOK_SECRET "
                    + "nor Entra ID protection (PARLEY_WEBHOOK_ENTRA_AUDIENCE, _ISSUER, _JWKS_URI) is: anyone could "
                    + "post fake customer messages to /api/events");
        }
        this.adminUsername = username == null || username.isBlank() ? "admin" : username.strip();
        this.adminPassword = passwordSet ? password : "admin";
        if (demo) {
            LOG.warn("DEMO MODE: no PARLEY_ACS_CONNECTION_STRING, replies go to the simulated WhatsApp channel.");
            if (webhookSecret == null || webhookSecret.isBlank()) {
                LOG.warn("PARLEY_WEBHOOK_SECRET is not set: /api/events accepts deliveries from anyone (demo only).");
            }
            if (!passwordSet) {
                LOG.warn("PARLEY_ADMIN_PASSWORD is not set: the admin API accepts {} / admin (demo only).",
                        adminUsername);
            }
        } else {
            LOG.info("Production mode: replies go to Azure Communication Services.");
        }
    }

    public boolean isDemo() {
        return demo;
    }

    public String adminUsername() {
        return adminUsername;
    }

    public String adminPassword() {
        return adminPassword;
    }
}
