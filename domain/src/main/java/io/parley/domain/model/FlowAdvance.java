package io.parley.domain.model;

import java.util.List;

/**
 * What one turn of a flow did: the session after it (null when the flow ended), the messages to send, the call to
 * make (for an HTTP step), how it ended, and a trace of each step for the tester and the logs.
 */
public record FlowAdvance(FlowSession session, List<Sent> messages, HttpCall call, Ending ending,
                          List<Trace> trace) {

    public FlowAdvance {
        messages = List.copyOf(messages);
        trace = List.copyOf(trace);
    }

    /** How a flow ended. */
    public enum Ending {
        /** It reached an END step, or a step with nowhere to go. */
        COMPLETED,
        /** It reached a HANDOFF step: a person takes over. */
        HANDED_OFF,
        /** The customer gave no valid answer within the retries, and the question had nowhere to go then. */
        NO_VALID_ANSWER,
        /** The question's time passed with no route for it. */
        TIMED_OUT,
        /** A call failed with no route for it. */
        CALL_FAILED,
        /** It ran more steps in one turn than any flow needs: stopped so that it cannot run away. */
        STOPPED,
        /** The customer service window closed while it waited: WhatsApp allows no free-form message after it. */
        EXPIRED,
        /** A rule that interrupts flows answered the customer. */
        INTERRUPTED,
        /** A person ended it. */
        CANCELLED,
        /** The flow's version is gone (it was deleted before the session finished). */
        GONE
    }

    /** A message a step sends. */
    public record Sent(String stepId, OutboundContent content) {
    }

    /** What happened at a step, in words. */
    public record Trace(String stepId, String event) {
    }

    public boolean ended() {
        return session == null;
    }
}
