package io.parley.domain.model;

import java.util.List;

/**
 * What one turn of flow {@code flowId} did: the session after it (null when the flow ended), the messages to send,
 * the call to make (for an HTTP step), how it ended, a trace of each step for the tester and the logs, and the steps
 * it entered, refused an answer at, timed out at or was left at (what insight counts for the flow's funnel).
 */
public record FlowAdvance(long flowId, FlowSession session, List<Sent> messages, HttpCall call, Ending ending,
                          List<Trace> trace, List<Step> steps) {

    public FlowAdvance {
        messages = List.copyOf(messages);
        trace = List.copyOf(trace);
        steps = List.copyOf(steps);
    }

    /** What happened at a step, for the funnel. */
    public enum StepEvent {
        /** The flow came to the step. */
        ENTERED,
        /** The question refused an answer. */
        INVALID,
        /** The question's time passed. */
        TIMED_OUT,
        /** The flow ended here without completing (see {@link Ending#completes()}). */
        LEFT
    }

    public record Step(String stepId, StepEvent event) {
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
        GONE;

        /** True when the flow went where it was built to go (an end or a handoff step), not left on the way. */
        public boolean completes() {
            return this == COMPLETED || this == HANDED_OFF;
        }
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
