package io.parley.domain.model;

import java.util.List;
import java.util.Map;

/**
 * A flow tried out without a customer: what the bot would say to each message, at which step, with which
 * variables, and why an answer was refused. Nothing is sent, stored or (unless asked) called.
 *
 * @param transcript one exchange for the start, then one per customer message
 * @param session    where the flow waits at the end, or null when it ended
 * @param ending     how it ended, or null while it waits
 */
public record FlowTest(List<Exchange> transcript, FlowSession session, FlowAdvance.Ending ending) {

    /**
     * @param customer the customer's message, null for the start
     * @param step     the step the flow waits at after it, null when it ended
     */
    public record Exchange(String customer, List<FlowAdvance.Sent> replies, String step,
                           Map<String, String> variables, List<FlowAdvance.Trace> trace, FlowAdvance.Ending ending) {
    }
}
