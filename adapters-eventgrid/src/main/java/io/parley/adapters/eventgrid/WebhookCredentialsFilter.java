package io.parley.adapters.eventgrid;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a delivery's {@code ?code=} on its request line, before a byte of the body is read: a client without it
 * gets 401 at once and its connection is closed, so that it cannot make Parley hold megabytes of body for it. The
 * comparison is a digest (microseconds), so it runs on the event loop. The Entra ID token, when configured, is
 * checked the same way by {@link EntraTokenFilter}.
 */
@ServerFilter("/api/events")
class WebhookCredentialsFilter implements Ordered {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookCredentialsFilter.class);

    private final WebhookSecret secret;

    WebhookCredentialsFilter(WebhookSecret secret) {
        this.secret = secret;
    }

    @RequestFilter
    @Nullable
    MutableHttpResponse<?> checkCode(HttpRequest<?> request) {
        if (request.getMethod() != HttpMethod.POST) {
            return null; // the CloudEvents handshake (OPTIONS) carries no credentials and no body
        }
        String code = request.getParameters().get("code");
        if (secret.accepts(code)) {
            return null;
        }
        LOG.warn("refused a delivery from {}: {} webhook code", request.getRemoteAddress(),
                code == null ? "missing" : "wrong");
        return refuse(code == null ? "the code query parameter is missing" : "the code query parameter is wrong");
    }

    /** 401 with the problem; the body was not read, so the connection is closed rather than drained. */
    static MutableHttpResponse<?> refuse(String problem) {
        return HttpResponse.unauthorized()
                .header(HttpHeaders.CONNECTION, "close")
                .body(new WebhookResponses.Error(problem, null));
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.before();
    }
}
