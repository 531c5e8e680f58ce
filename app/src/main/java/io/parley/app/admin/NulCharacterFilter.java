package io.parley.app.admin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.util.List;
import java.util.Map;

/**
 * The admin API's lookups (query parameters and path segments: a search term, a customer id) may not contain
 * U+0000: PostgreSQL cannot compare text with it, and a replaced character would look up something else. Such a
 * request gets 400 naming the parameter, before anything runs. (Texts in JSON bodies are kept, with U+FFFD in its
 * place; the webhook does the same with what customers write.)
 */
@ServerFilter({"/api/**", "/console/**"})
class NulCharacterFilter {

    @RequestFilter
    @Nullable
    MutableHttpResponse<?> refuseNul(HttpRequest<?> request) {
        if (request.getPath().equals("/api/events")) {
            return null; // the webhook has its own rules: credentials first, then every text made safe
        }
        if (request.getPath().indexOf('\u0000') >= 0) {
            return refuse("the path");
        }
        for (Map.Entry<String, List<String>> parameter : request.getParameters()) {
            if (parameter.getKey().indexOf('\u0000') >= 0) {
                return refuse("a query parameter's name");
            }
            for (String value : parameter.getValue()) {
                if (value.indexOf('\u0000') >= 0) {
                    return refuse("the query parameter '" + parameter.getKey() + "'");
                }
            }
        }
        return null;
    }

    private static MutableHttpResponse<?> refuse(String what) {
        return HttpResponse.status(HttpStatus.BAD_REQUEST).body(ApiErrors.of(what
                + " contains the character U+0000 (NUL), which Parley does not accept"));
    }
}
