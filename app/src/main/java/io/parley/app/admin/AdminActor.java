package io.parley.app.admin;

import io.micronaut.http.HttpRequest;
import java.security.Principal;

/** Who made an admin request: the user micronaut-security authenticated (HTTP Basic or the console's session). */
final class AdminActor {

    private AdminActor() {
    }

    static String of(HttpRequest<?> request) {
        return request.getUserPrincipal().map(Principal::getName).orElse("unknown");
    }
}
