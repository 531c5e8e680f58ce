package io.parley.adapters.eventgrid;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * {@code parley.webhook.*} (PARLEY_WEBHOOK_*): the webhook's settings, with their defaults here (this module is
 * tested without the app's application.yml), checked at start.
 *
 * @param secret                  the {@code ?code=} every delivery must carry; empty: no check (demo only)
 * @param previousSecret          a second accepted code while Event Grid moves to a new one
 * @param maxEventSize            the largest one event of a delivery may be, in bytes (CONTRACT: 1 MiB)
 * @param answerTimeout           a delivery not stored within this is answered 503 (Event Grid waits 30 s)
 * @param writers                 transactions taking in events at once (each holds a database connection)
 * @param maxEventsPerTransaction the most events one group-commit transaction takes
 * @param queueCapacity           deliveries waiting for a writer before one is answered 503 at once
 */
@Context
@ConfigurationProperties("parley.webhook")
record WebhookSettings(@Bindable(defaultValue = "") @Nullable String secret,
                       @Bindable(defaultValue = "") @Nullable String previousSecret,
                       @Bindable(defaultValue = "1048576") long maxEventSize,
                       @Bindable(defaultValue = "25s") Duration answerTimeout,
                       @Bindable(defaultValue = "2") int writers,
                       @Bindable(defaultValue = "500") int maxEventsPerTransaction,
                       @Bindable(defaultValue = "10000") int queueCapacity) {

    WebhookSettings {
        if (maxEventSize < 1) {
            throw new IllegalArgumentException("PARLEY_WEBHOOK_MAX_EVENT_SIZE must be at least 1, not " + maxEventSize);
        }
        if (answerTimeout == null || answerTimeout.isNegative() || answerTimeout.isZero()) {
            throw new IllegalArgumentException("PARLEY_WEBHOOK_ANSWER_TIMEOUT must be longer than zero, not "
                    + answerTimeout);
        }
        for (int value : new int[] {writers, maxEventsPerTransaction, queueCapacity}) {
            if (value < 1) {
                throw new IllegalArgumentException("PARLEY_WEBHOOK_WRITERS, _MAX_EVENTS_PER_TRANSACTION and "
                        + "_QUEUE_CAPACITY must be at least 1 (" + writers + ", " + maxEventsPerTransaction + ", "
                        + queueCapacity + ")");
            }
        }
    }
}
