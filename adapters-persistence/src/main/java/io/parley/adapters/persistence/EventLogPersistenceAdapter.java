package io.parley.adapters.persistence;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.parley.domain.port.out.EventLogPort;
import io.parley.domain.port.out.SettingsPort;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The event log and the settings: two tables written with ON CONFLICT DO NOTHING, which makes a concurrent duplicate
 * wait for the first transaction and then change nothing (no exception, so the surrounding transaction stays usable
 * on PostgreSQL). The event ids of a batch go in one statement, which answers with the ones it inserted: the new.
 */
@Singleton
class EventLogPersistenceAdapter implements EventLogPort, SettingsPort {

    private static final SetRows<LoggedEvent> ROWS = SetRows.<LoggedEvent>columns()
            .text("event_id", LoggedEvent::eventId)
            .text("event_kind", LoggedEvent::kind)
            .instant("received_at", LoggedEvent::receivedAt)
            .build();
    private static final String INSERT = ROWS.insertInto("processed_event") + " ON CONFLICT DO NOTHING";

    private final JdbcOperations jdbc;

    EventLogPersistenceAdapter(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public BitSet recordNew(List<LoggedEvent> events) {
        BitSet fresh = new BitSet(events.size());
        // a repeat within the list is not new; the rest go to the database in one batch
        Map<String, Integer> firstOccurrence = new HashMap<>();
        List<Integer> distinct = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            LoggedEvent event = events.get(i);
            if (firstOccurrence.putIfAbsent(key(event.kind(), event.eventId()), i) == null) {
                distinct.add(i);
            }
        }
        if (distinct.isEmpty()) {
            return fresh;
        }
        // in one global order, so that two transactions inserting overlapping ids wait for each other instead of
        // deadlocking (a delivery posted twice at once, or its events spread over two batches)
        distinct.sort(java.util.Comparator.comparing((Integer i) -> events.get(i).eventId())
                .thenComparing(i -> events.get(i).kind()));
        List<LoggedEvent> ordered = distinct.stream().map(events::get).toList();
        java.util.Set<String> inserted = ROWS.insertNew(jdbc, INSERT, "event_id, event_kind", ordered,
                row -> key(row.getString("event_kind"), row.getString("event_id")));
        for (int i : distinct) {
            fresh.set(i, inserted.contains(key(events.get(i).kind(), events.get(i).eventId())));
        }
        return fresh;
    }

    /** An event's identity in the log: its kind and its id. */
    private static String key(String kind, String eventId) {
        return kind + '\u0000' + eventId;
    }

    @Override
    public Optional<String> get(String name) {
        return jdbc.prepareStatement("SELECT setting_value FROM parley_setting WHERE name = ?", statement -> {
            statement.setString(1, name);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        });
    }

    @Override
    public boolean putIfAbsent(String name, String value) {
        return jdbc.prepareStatement("INSERT INTO parley_setting (name, setting_value) VALUES (?, ?) ON CONFLICT DO NOTHING",
                (PreparedStatement statement) -> {
                    statement.setString(1, name);
                    statement.setString(2, value);
                    return statement.executeUpdate() == 1;
                });
    }
}
