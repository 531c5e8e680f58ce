package io.parley.adapters.eventgrid;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code parley.webhook.entra.*} (PARLEY_WEBHOOK_ENTRA_*): Microsoft Entra ID protection of the webhook, on when an
 * audience is set; then the issuers (comma-separated) and the JWKS address are required.
 */
@ConfigurationProperties("parley.webhook.entra")
record EntraSettings(@Bindable(defaultValue = "") @Nullable String audience,
                     @Bindable(defaultValue = "") @Nullable String issuer,
                     @Bindable(defaultValue = "") @Nullable String jwksUri) {
}
