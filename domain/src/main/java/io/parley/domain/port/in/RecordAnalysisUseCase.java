package io.parley.domain.port.in;

/** Attaches an analysis to the message it analyses, or keeps it until that message is known. */
public interface RecordAnalysisUseCase {

    Outcome record(RecordAnalysisCommand command);

    enum Outcome {
        /** Attached to its message. */
        ATTACHED,
        /** No message matches (yet): kept, and attached if the message arrives later. */
        KEPT,
        /** The event was taken in before: nothing changed. */
        DUPLICATE
    }
}
