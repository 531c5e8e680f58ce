package io.parley.app.console;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Browser hardening for the console: scripts and styles only from Parley itself (no inline script, so injected
 * markup could not run even if it got through), no framing, no MIME sniffing, no referrer to other sites, and no
 * caching of pages that show customer data.
 */
@ServerFilter({"/console", "/console/**", "/login", "/logout"})
class ConsoleHeadersFilter {

    static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    @ResponseFilter
    void harden(HttpRequest<?> request, MutableHttpResponse<?> response) {
        response.header("Content-Security-Policy", POLICY);
        response.header("X-Content-Type-Options", "nosniff");
        response.header("X-Frame-Options", "DENY");
        response.header("Referrer-Policy", "same-origin");
        if (!request.getPath().startsWith("/console/assets/")) {
            response.header("Cache-Control", "no-store");
        }
    }
}
