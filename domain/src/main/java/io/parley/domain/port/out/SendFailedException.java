package io.parley.domain.port.out;

import java.time.Duration;
import java.util.Optional;

/**
 * The channel did not take a message. Transient failures (throttling, server errors, timeouts, lost connections)
 * are worth retrying; permanent ones (a request the channel refuses) are not.
 */
public class SendFailedException extends Exception {

    private final boolean transientFailure;
    private final String code;
    private final transient Duration retryAfter;
    private final boolean outcomeUnknown;

    public SendFailedException(boolean transientFailure, String code, String message, Duration retryAfter,
                               Throwable cause) {
        this(transientFailure, code, message, retryAfter, false, cause);
    }

    /**
     * @param outcomeUnknown true when the request may have reached the channel and been executed without the answer
     *                       arriving (a timeout after sending, a connection lost mid-request)
     */
    public SendFailedException(boolean transientFailure, String code, String message, Duration retryAfter,
                               boolean outcomeUnknown, Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
        this.code = code;
        this.retryAfter = retryAfter;
        this.outcomeUnknown = outcomeUnknown;
    }

    /** The request may or may not have been executed: worth retrying, but only as the same request. */
    public static SendFailedException outcomeUnknown(String code, String message, Throwable cause) {
        return new SendFailedException(true, code, message, null, true, cause);
    }

    public boolean isOutcomeUnknown() {
        return outcomeUnknown;
    }

    public static SendFailedException transientFailure(String code, String message, Duration retryAfter) {
        return new SendFailedException(true, code, message, retryAfter, null);
    }

    public static SendFailedException permanent(String code, String message) {
        return new SendFailedException(false, code, message, null, null);
    }

    public boolean isTransient() {
        return transientFailure;
    }

    public String code() {
        return code;
    }

    /** How long the channel asked us to wait, when it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
