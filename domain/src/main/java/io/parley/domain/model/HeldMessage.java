package io.parley.domain.model;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A customer message whose answer waits: for its analysis (a rule that needs the language or intent could answer
 * it), or for an earlier message of the conversation that waits. What the rules need to decide later is kept with
 * it, as it was when the message was taken in.
 *
 * @param takenInAt         when Parley took the message in (the rules decide as of then: schedules, first message)
 * @param deadline          when the answer is decided with whatever is known
 * @param firstMessage      whether it was the customer's first message
 * @param previousInboundAt when the customer wrote before it, or null
 * @param choice            the option of an earlier offer it picked, or null (it is stored with the message too)
 */
public record HeldMessage(UUID messageId, Instant takenInAt, Instant deadline, boolean firstMessage,
                          Instant previousInboundAt, OfferChoice choice) {

    /** A conversation keeps at most this many waiting messages; more are answered at once, in order of arrival. */
    public static final int MAX_PER_CONVERSATION = 50;

    public HeldMessage {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(takenInAt, "takenInAt");
        Objects.requireNonNull(deadline, "deadline");
    }
}
