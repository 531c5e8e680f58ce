package io.parley.domain.fakes;

import io.parley.domain.model.ConsentChange;
import io.parley.domain.port.out.ConsentPort;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The consent history as a list, oldest first. */
public class ConsentLogFake implements ConsentPort {

    public final List<ConsentChange> changes = new ArrayList<>();

    @Override
    public void appendAll(Collection<ConsentChange> more) {
        changes.addAll(more);
    }

    @Override
    public List<ConsentChange> history(String customerId) {
        return changes.stream().filter(c -> c.customerId().equals(customerId)).toList();
    }
}
