package io.parley.domain.port.out;

import io.parley.domain.model.InboundMessage;
import java.time.Instant;
import java.util.List;

/** Stored customer messages and what Parley answered them, for replaying rules over the past. */
public interface ReplayQueries {

    /**
     * @param first       the message was the first of its conversation
     * @param actualReply the text of the automatic reply it got, or null
     */
    record Answered(InboundMessage message, String channelId, String customerId, boolean first, Long actualRuleId,
                    String actualReply) {
    }

    /** Inbound messages received (stored) in [from, to), oldest first, at most {@code limit}. */
    List<Answered> inboundBetween(Instant from, Instant to, int limit);
}
