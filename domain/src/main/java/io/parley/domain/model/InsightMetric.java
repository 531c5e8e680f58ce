package io.parley.domain.model;

/**
 * What insight counts, per hour and channel; each count may be split by a dimension (kept under these names with
 * the counts).
 */
public enum InsightMetric {
    /** Customer messages taken in. */
    RECEIVED,
    /** Customer messages by how they were answered; dimension: the {@link AnswerKind}. */
    ANSWERED,
    /** Customer messages a rule answered (or started a flow for); dimension: the rule's id. */
    RULE_ANSWERS,
    /** Conversations handed to a person, by a rule or a flow. */
    HANDOFFS,
    /** Messages people wrote to customers. */
    AGENT_MESSAGES,
    OPT_OUTS,
    OPT_INS,
    /** Waits that a first reply ended; dimension: the upper bound of the wait's {@link ResponseTimes} bucket. */
    FIRST_RESPONSE,
    /** Messages to customers that reached a status; dimension: ACCEPTED, SENT, DELIVERED, READ or FAILED. */
    DELIVERY,
    /** Messages to customers that failed; dimension: the channel's error code. */
    FAILURES,
    /** Flows started; dimension: the flow's id. */
    FLOW_STARTED,
    /** Flows that reached an end step; dimension: the flow's id. */
    FLOW_COMPLETED,
    /** Flows that reached a handoff step; dimension: the flow's id. */
    FLOW_HANDED_OFF,
    /** Steps entered; dimension: flow id and step id ({@link #stepDimension}). */
    STEP_ENTERED,
    /** Answers a question step refused. */
    STEP_INVALID,
    /** Questions that timed out. */
    STEP_TIMED_OUT,
    /** Flows that ended at a step without completing (no valid answer, no answer in time, interrupted, ...). */
    STEP_LEFT;

    /** The dimension of a step metric: {@code <flowId>/<stepId>} (step ids hold no '/'). */
    public static String stepDimension(long flowId, String stepId) {
        return flowId + "/" + stepId;
    }

    /** The stored name read back; null for a name a later version wrote. */
    public static InsightMetric ofStored(String name) {
        try {
            return valueOf(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
