package io.parley.domain.port.out;

import io.parley.domain.model.ConsentChange;
import java.util.Collection;
import java.util.List;

/** The consent history: every opt-out and opt-in, per customer and channel. */
public interface ConsentPort {

    void appendAll(Collection<ConsentChange> changes);

    /** A customer's changes on every channel, oldest first. */
    List<ConsentChange> history(String customerId);
}
