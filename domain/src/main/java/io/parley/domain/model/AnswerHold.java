package io.parley.domain.model;

/** Whether and how a customer message's answer waited (null on a message answered at once). */
public enum AnswerHold {
    /** Still waiting: for its analysis, or behind an earlier message that waits. */
    WAITING,
    /** Decided when its analysis came. */
    ANALYSED,
    /** Decided without its analysis, which did not come in time. */
    TIMED_OUT,
    /** Decided once the earlier message it waited behind was answered; it needed no analysis itself. */
    IN_TURN
}
