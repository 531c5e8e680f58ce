package io.parley.app.demo;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.parley.app.config.FlowSettings;
import io.parley.app.flows.FlowSignature;
import java.util.List;

/**
 * Demo mode's stand-in for a shop's own order system, which the demo flow's HTTP step calls: the order's state
 * follows from its number's last digit (a made-up shop, the same answer every time), {@code 00000} is not found.
 * When PARLEY_FLOWS_HTTP_SECRET is set it checks {@code X-Parley-Signature} as a real shop would.
 */
@Controller("/demo/shop")
@Requires(condition = DemoModeCondition.class)
@Secured(SecurityRule.IS_ANONYMOUS)
class DemoShopController {

    private static final List<String> STATES = List.of("being packed", "shipped", "out for delivery", "delivered");
    private static final List<String> ITEMS = List.of("a blue teapot", "two linen towels", "a reading lamp",
            "a box of green tea", "a wool blanket");

    private final FlowSettings settings;

    DemoShopController(FlowSettings settings) {
        this.settings = settings;
    }

    @Serdeable
    record Order(String order, String status, String item, Delivery delivery) {
    }

    @Serdeable
    record Delivery(int days, String carrier) {
    }

    @Serdeable
    record NotFound(String error) {
    }

    @Get("/orders/{order}")
    HttpResponse<?> order(HttpRequest<?> request, String order) {
        if (!signedRight(request)) {
            return HttpResponse.status(HttpStatus.UNAUTHORIZED).body(new NotFound("bad X-Parley-Signature"));
        }
        if (!order.matches("\\d{5}") || order.equals("00000")) {
            return HttpResponse.notFound(new NotFound("no order " + order.replaceAll("[^0-9A-Za-z-]", "")));
        }
        int digit = order.charAt(4) - '0';
        String status = STATES.get(digit % STATES.size());
        int days = status.equals("delivered") ? 0 : STATES.size() - 1 - digit % STATES.size();
        return HttpResponse.ok(new Order(order, status, ITEMS.get(digit % ITEMS.size()),
                new Delivery(days, "Parley Post")));
    }

    /** A GET is signed over its empty body. */
    private boolean signedRight(HttpRequest<?> request) {
        String secret = settings.httpSecret();
        if (secret == null || secret.isEmpty()) {
            return true;
        }
        return FlowSignature.matches(secret, new byte[0], request.getHeaders().get("X-Parley-Signature"));
    }
}
