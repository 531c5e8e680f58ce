package io.parley.domain.port.out;

import io.parley.domain.model.HttpCall;

/**
 * Makes HTTP steps' calls to the business's own system: signed, with the idempotency key, within the call's
 * timeout. Never throws for what the far end does: a timeout or a refused connection is a result without a status.
 */
public interface FlowCallPort {

    HttpCall.Result call(HttpCall call, String idempotencyKey);
}
