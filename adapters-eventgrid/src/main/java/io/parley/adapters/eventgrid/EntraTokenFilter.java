package io.parley.adapters.eventgrid;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.scheduling.annotation.ExecuteOn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With Entra ID protection on: the bearer token of a delivery is checked on its headers, before the body is read;
 * a bad token is a 401 (connection closed), keys that cannot be fetched are a 503 (Event Grid retries). It runs on
 * the webhook executor, since a check may have to fetch the JWKS.
 */
@ServerFilter("/api/events")
@Requires(property = "parley.webhook.entra.audience")
class EntraTokenFilter implements Ordered {

    private static final Logger LOG = LoggerFactory.getLogger(EntraTokenFilter.class);

    private final EntraTokenValidator entra;

    EntraTokenFilter(EntraTokenValidator entra) {
        this.entra = entra;
    }

    @RequestFilter
    @ExecuteOn(EventGridWebhookController.EXECUTOR)
    @Nullable
    MutableHttpResponse<?> checkToken(HttpRequest<?> request) {
        if (request.getMethod() != HttpMethod.POST || !entra.isEnabled()) {
            return null;
        }
        EntraTokenValidator.Verdict verdict = entra.check(request.getHeaders().get(HttpHeaders.AUTHORIZATION));
        return switch (verdict.kind()) {
            case VALID -> null;
            case INVALID -> {
                LOG.warn("refused a delivery from {}: {}", request.getRemoteAddress(), verdict.problem());
                yield WebhookCredentialsFilter.refuse(verdict.problem())
                        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
            }
            case UNAVAILABLE -> {
                LOG.warn("could not check the token of a delivery from {}: {}", request.getRemoteAddress(),
                        verdict.problem());
                yield HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
                        .header(HttpHeaders.RETRY_AFTER, "5")
                        .header(HttpHeaders.CONNECTION, "close")
                        .body(new WebhookResponses.Error("the keys that sign Entra ID tokens cannot be fetched "
                                + "right now; try again later", null));
            }
        };
    }

    @Override
    public int getOrder() {
        // after the code check: no token work for a request without the secret
        return ServerFilterPhase.SECURITY.before() + 1;
    }
}
