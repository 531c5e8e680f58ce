package io.parley.domain.port.in;

/** Moves an outbound message's status forward, or keeps the report until its message is known. */
public interface RecordDeliveryStatusUseCase {

    Outcome record(RecordDeliveryStatusCommand command);

    enum Outcome {
        /** The message took the new status. */
        APPLIED,
        /** The message already had this status or a later one: nothing changed. */
        STALE,
        /** No message has that ACS id yet: the report is kept and applied when one does. */
        KEPT,
        /** The event was taken in before: nothing changed. */
        DUPLICATE
    }
}
