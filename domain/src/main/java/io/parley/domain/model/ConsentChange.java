package io.parley.domain.model;

import java.time.Instant;
import java.util.UUID;

/**
 * A customer opted out of messages on a channel, or in again.
 *
 * @param messageId the customer's message that said so (null when it came from elsewhere)
 * @param keyword   the keyword it matched, as configured
 * @param source    who changed it: {@code CUSTOMER} (a keyword in a message)
 */
public record ConsentChange(String channelId, String customerId, boolean optedOut, Instant at, UUID messageId,
                            String keyword, String source) {

    public static final String CUSTOMER = "CUSTOMER";
}
