package io.parley.domain.port.out;

import io.parley.domain.model.StatusReport;
import java.util.List;

/** Status reports for ACS message ids that match no stored message (yet). */
public interface StatusReportPort {

    /** Keeps the reports in the current transaction. */
    void keepAll(List<StatusReport> reports);

    default void keep(StatusReport report) {
        keepAll(List.of(report));
    }

    /** The kept reports, newest first: statuses for ids no message has (yet). */
    List<StatusReport> kept(int offset, int limit);

    /** Removes and returns, oldest first, the kept reports for these ACS message ids, in the current transaction. */
    List<StatusReport> takeFor(java.util.Collection<String> acsMessageIds);

    /**
     * Removes and returns, oldest first, up to {@code max} kept reports whose ACS message id now belongs to a stored
     * outbound message, within the current transaction.
     */
    List<StatusReport> takeMatched(int max);
}
