package io.parley.domain.service;

import io.parley.domain.model.AuditAction;
import io.parley.domain.port.in.CustomerPrivacyUseCase;
import io.parley.domain.port.out.CustomerDataPort;
import io.parley.domain.port.out.CustomerReference;
import io.parley.domain.port.out.MediaStorePort;
import io.parley.domain.port.out.TransactionPort;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Exports and erasures of one customer's data. An erasure is one transaction (all of it goes, or none), and the
 * audit entry that records it names the customer only by {@link CustomerReference}; the media files go after the
 * commit (a file without its row is harmless and is deleted again on the next erasure's run of that id).
 */
public final class CustomerPrivacyService implements CustomerPrivacyUseCase {

    private static final Logger LOG = Logger.getLogger(CustomerPrivacyService.class.getName());

    private final TransactionPort transactions;
    private final CustomerDataPort data;
    private final MediaStorePort media;
    private final CustomerReference reference;
    private final AuditTrail audit;

    public CustomerPrivacyService(TransactionPort transactions, CustomerDataPort data, MediaStorePort media,
                                  CustomerReference reference, AuditTrail audit) {
        this.transactions = transactions;
        this.data = data;
        this.media = media;
        this.reference = reference;
        this.audit = audit;
    }

    @Override
    public Optional<Map<String, Object>> export(String customerId, String actor) {
        return transactions.inTransaction(() -> {
            Optional<Map<String, Object>> document = data.export(customerId);
            document.ifPresent(d -> audit.record(actor, AuditAction.CUSTOMER_EXPORTED, target(customerId),
                    "everything stored about them, as one document"));
            return document;
        });
    }

    @Override
    public Optional<Map<String, Integer>> erase(String customerId, String actor) {
        Optional<CustomerDataPort.Erased> erased = transactions.inTransactionRetryingConflicts(3, () -> {
            Optional<CustomerDataPort.Erased> done = data.erase(customerId);
            done.ifPresent(e -> audit.record(actor, AuditAction.CUSTOMER_ERASED, target(customerId),
                    describe(e.rowsByTable())));
            return done;
        });
        erased.ifPresent(e -> {
            for (UUID message : e.messageIds()) {
                try {
                    media.delete(message);
                } catch (IOException failure) {
                    LOG.warning(() -> "an erased message's media file could not be deleted: " + failure);
                }
            }
        });
        return erased.map(CustomerDataPort.Erased::rowsByTable);
    }

    private String target(String customerId) {
        return "customer " + reference.of(customerId);
    }

    /** "erased conversation 1, message 12, message status history 30": rows by table, the empty ones left out. */
    private static String describe(Map<String, Integer> rows) {
        StringBuilder text = new StringBuilder();
        rows.forEach((table, n) -> {
            if (n > 0) {
                text.append(text.length() == 0 ? "erased " : ", ").append(table.replace('_', ' ')).append(' ')
                        .append(n);
            }
        });
        return text.toString();
    }
}
