package io.parley.domain.port.out;

import io.parley.domain.model.AuditEntry;
import java.time.Instant;
import java.util.List;

/** The audit log: appended to in the transaction of the change it records, read newest first. */
public interface AuditPort {

    void append(AuditEntry entry);

    /**
     * Entries newest first that match every filter given (null: any).
     *
     * @param beforeId only entries older than this one (the next page)
     */
    List<AuditEntry> find(String actor, String action, Instant from, Instant to, Long beforeId, int limit);
}
