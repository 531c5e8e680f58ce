package io.parley.domain.service;

import io.parley.domain.port.in.RecordOtherEventUseCase;
import io.parley.domain.port.out.EventLogPort;
import io.parley.domain.port.out.TransactionPort;
import java.time.Instant;

public final class RecordOtherEventService implements RecordOtherEventUseCase {

    private final TransactionPort transactions;
    private final EventLogPort events;

    public RecordOtherEventService(TransactionPort transactions, EventLogPort events) {
        this.transactions = transactions;
        this.events = events;
    }

    @Override
    public boolean record(String eventId, String eventType, Instant receivedAt) {
        String kind = eventType == null || eventType.isBlank() ? "(no type)" : eventType;
        return transactions.inTransaction(() -> events.recordIfNew(eventId, truncate(kind), receivedAt));
    }

    private static String truncate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200);
    }
}
