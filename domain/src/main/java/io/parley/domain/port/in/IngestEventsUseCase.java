package io.parley.domain.port.in;

import java.util.List;

/**
 * Takes in the events of one or more Event Grid deliveries together, in one transaction: when it returns, every
 * event is durably stored (or was stored before), and every reply they call for is queued.
 */
public interface IngestEventsUseCase {

    /** One outcome per command, in the same order. */
    List<Outcome> ingest(List<? extends EventCommand> commands);

    enum Outcome {
        /** Taken in now. */
        ACCEPTED,
        /** Taken in before (an earlier delivery, or an earlier entry of the same list): nothing changed. */
        DUPLICATE,
        /** Recorded, not acted on: an event type Parley does not handle. */
        IGNORED
    }
}
