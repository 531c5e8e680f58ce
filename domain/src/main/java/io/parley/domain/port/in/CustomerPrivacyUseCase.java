package io.parley.domain.port.in;

import java.util.Map;
import java.util.Optional;

/** A customer's right to their data: a copy of all of it, or none of it kept. */
public interface CustomerPrivacyUseCase {

    /** Everything stored about the customer as one document, audited; empty when nothing is stored. */
    Optional<Map<String, Object>> export(String customerId, String actor);

    /**
     * Erases everything stored about the customer (media files included) in one transaction, audited by a keyed
     * hash of their id; empty when nothing was stored.
     *
     * @return the rows deleted, by table
     */
    Optional<Map<String, Integer>> erase(String customerId, String actor);
}
