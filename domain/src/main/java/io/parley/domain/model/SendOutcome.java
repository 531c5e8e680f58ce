package io.parley.domain.model;

import java.time.Duration;

/** How one attempt to hand a reply to the channel ended. */
public sealed interface SendOutcome {

    /** The channel took it; {@code receipt} is its id for the reply (statuses refer to it). */
    record Accepted(String receipt) implements SendOutcome {
    }

    /** It certainly did not reach the channel (refused connection, 5xx, 429): worth another attempt. */
    record Retry(String code, String message, Duration retryAfter) implements SendOutcome {
    }

    /** It may have reached the channel without the answer arriving: another attempt only as the same request. */
    record Unknown(String code, String message, Duration retryAfter) implements SendOutcome {
    }

    /** The channel refused it for good (a 4xx): no other attempt. */
    record Refused(String code, String message) implements SendOutcome {
    }

    /** Not attempted: the dispatcher paused (the channel is down) between the claim and the send. */
    record NotTried() implements SendOutcome {
    }
}
