package io.parley.domain.port.out;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Deletes what is older than its retention age, a batch at a time (short transactions, no long locks). */
public interface RetentionPort {

    /** Ids of up to {@code limit} messages created before {@code cutoff}, oldest first. */
    List<UUID> messagesBefore(Instant cutoff, int limit);

    /** Deletes these messages and everything that belongs to them (history, analyses, media records). */
    int deleteMessages(List<UUID> messageIds);

    int deleteDeadLettersBefore(Instant cutoff, int limit);

    /** Forgets event ids (and kept status reports) recorded before {@code cutoff}. */
    int deleteEventsBefore(Instant cutoff, int limit);

    /** Deletes audit entries recorded before {@code cutoff}. */
    int deleteAuditBefore(Instant cutoff, int limit);

    /** Deletes insight's counts of the hours before {@code cutoff}. */
    int deleteInsightCountsBefore(Instant cutoff, int limit);
}
