package io.parley.domain.fakes;

import io.parley.domain.model.Flow;
import io.parley.domain.model.FlowVersion;
import io.parley.domain.model.ScheduledWork;
import io.parley.domain.port.out.FlowPort;
import io.parley.domain.port.out.ScheduledWorkPort;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Flows with their versions and the scheduled-work queue over plain collections, as the adapters promise them. */
public class FlowStoreFake implements FlowPort, ScheduledWorkPort {

    private final Map<Long, Flow> current = new LinkedHashMap<>();
    public final List<FlowVersion> versions = new ArrayList<>();
    public final Map<UUID, ScheduledWork> work = new LinkedHashMap<>();
    private final Map<UUID, Instant> claimedUntil = new HashMap<>();
    private long nextId = 1;
    private long changes;

    @Override
    public List<Flow> findAll() {
        return List.copyOf(current.values());
    }

    @Override
    public Optional<Flow> findById(long id) {
        return Optional.ofNullable(current.get(id));
    }

    @Override
    public Flow insert(Flow flow, String change, String actor, Instant at) {
        Flow stored = flow.withId(nextId++, 1);
        current.put(stored.id(), stored);
        versions.add(new FlowVersion(stored.id(), 1, change, stored, actor, at));
        changes++;
        return stored;
    }

    @Override
    public Optional<Flow> update(Flow flow, String change, String actor, Instant at) {
        if (!current.containsKey(flow.id())) {
            return Optional.empty();
        }
        int version = lastVersion(flow.id()) + 1;
        Flow stored = flow.withId(flow.id(), version);
        current.put(stored.id(), stored);
        versions.add(new FlowVersion(stored.id(), version, change, stored, actor, at));
        changes++;
        return Optional.of(stored);
    }

    @Override
    public boolean delete(long id, String actor, Instant at) {
        Flow gone = current.remove(id);
        if (gone == null) {
            return false;
        }
        versions.add(new FlowVersion(id, lastVersion(id) + 1, "DELETED", gone, actor, at));
        changes++;
        return true;
    }

    private int lastVersion(long id) {
        return versions.stream().filter(v -> v.flowId() == id).mapToInt(FlowVersion::version).max().orElse(0);
    }

    @Override
    public Optional<Flow> findVersion(long id, int version) {
        return versions.stream().filter(v -> v.flowId() == id && v.version() == version
                && !v.change().equals("DELETED")).map(FlowVersion::flow).findFirst();
    }

    @Override
    public List<FlowVersion> history(long id) {
        return versions.stream().filter(v -> v.flowId() == id).toList();
    }

    @Override
    public long changeCount() {
        return changes;
    }

    @Override
    public void scheduleAll(Collection<ScheduledWork> items) {
        items.forEach(w -> work.put(w.id(), w));
    }

    @Override
    public List<ScheduledWork> claimDue(Instant now, int max, Duration lease) {
        List<ScheduledWork> due = work.values().stream()
                .filter(w -> !w.dueAt().isAfter(now))
                .filter(w -> claimedUntil.getOrDefault(w.id(), Instant.MIN).isBefore(now))
                .sorted(Comparator.comparing(ScheduledWork::dueAt)).limit(max).toList();
        due.forEach(w -> claimedUntil.put(w.id(), now.plus(lease)));
        return due;
    }

    @Override
    public boolean finish(UUID id) {
        claimedUntil.remove(id);
        return work.remove(id) != null;
    }

    @Override
    public void reschedule(ScheduledWork item) {
        claimedUntil.remove(item.id());
        if (work.containsKey(item.id())) {
            work.put(item.id(), item);
        }
    }

    @Override
    public int releaseAllClaims() {
        int released = claimedUntil.size();
        claimedUntil.clear();
        return released;
    }

    @Override
    public long queued() {
        return work.size();
    }

    /** The work of {@code kind} queued, in due order. */
    public List<ScheduledWork> queued(ScheduledWork.Kind kind) {
        return work.values().stream().filter(w -> w.kind() == kind)
                .sorted(Comparator.comparing(ScheduledWork::dueAt)).toList();
    }
}
