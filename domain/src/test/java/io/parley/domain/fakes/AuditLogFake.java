package io.parley.domain.fakes;

import io.parley.domain.model.AuditEntry;
import io.parley.domain.port.out.AuditPort;
import java.util.ArrayList;
import java.util.List;

/** The audit log as a list, oldest first; {@link #find} answers all of it. */
public class AuditLogFake implements AuditPort {

    public final List<AuditEntry> entries = new ArrayList<>();

    @Override
    public void append(AuditEntry entry) {
        entries.add(entry);
    }

    @Override
    public List<AuditEntry> find(String actor, String action, java.time.Instant from, java.time.Instant to,
                                 Long beforeId, int limit) {
        return List.copyOf(entries);
    }
}
