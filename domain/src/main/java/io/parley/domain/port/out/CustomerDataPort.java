package io.parley.domain.port.out;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Everything stored about one customer, found from the schema: every table that names the customer, one of their
 * conversations or one of their messages, and the dead letters whose body or headers name them.
 */
public interface CustomerDataPort {

    /**
     * The customer's data as one document: their conversations with their messages and everything that belongs to
     * each (status history, analyses, media records, outbox and scheduled work), what names the customer directly
     * (consent history, analyses not matched to a message), and the dead letters that name them. Empty when
     * nothing is stored.
     */
    Optional<Map<String, Object>> export(String customerId);

    /**
     * Deletes all of it, in the caller's transaction, the customer's conversations locked first so that a delivery
     * for the same customer either comes before (and is erased too) or after (and starts anew).
     *
     * @return what was deleted, by table; empty when nothing was stored
     */
    Optional<Erased> erase(String customerId);

    /** What {@link #erase} would delete now, by table (rows; the tables with none left out). */
    Map<String, Integer> count(String customerId);

    /** @param messageIds the erased messages (their media files go after the commit) */
    record Erased(Map<String, Integer> rowsByTable, List<UUID> messageIds) {
    }
}
