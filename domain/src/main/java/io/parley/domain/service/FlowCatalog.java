package io.parley.domain.service;

import io.parley.domain.model.CompiledFlow;
import io.parley.domain.model.Flow;
import io.parley.domain.model.TextPatterns;
import io.parley.domain.port.out.FlowPort;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The flows, compiled: the current version of each (reloaded only when a flow changed, on any instance) and every
 * version a running session needs (versions never change, so they are kept once loaded).
 */
public final class FlowCatalog {

    /** Versions kept at most; more are loaded again when needed. */
    static final int MAX_VERSIONS = 2_000;

    private record Snapshot(long changeCount, Map<Long, CompiledFlow> current) {
    }

    private record Key(long id, int version) {
    }

    private final FlowPort flows;
    private final TextPatterns patterns;
    private final Map<Key, CompiledFlow> versions = new ConcurrentHashMap<>();
    private volatile Snapshot snapshot;

    public FlowCatalog(FlowPort flows, TextPatterns patterns) {
        this.flows = flows;
        this.patterns = patterns;
    }

    public TextPatterns patterns() {
        return patterns;
    }

    /** The current version of flow {@code id}; empty when there is none. */
    public Optional<CompiledFlow> current(long id) {
        long count = flows.changeCount();
        Snapshot seen = snapshot;
        if (seen == null || seen.changeCount != count) {
            seen = reload(count);
        }
        return Optional.ofNullable(seen.current.get(id));
    }

    /** Version {@code version} of flow {@code id}, also of a flow deleted since; empty when there is none. */
    public Optional<CompiledFlow> version(long id, int version) {
        Key key = new Key(id, version);
        CompiledFlow known = versions.get(key);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<CompiledFlow> loaded = flows.findVersion(id, version).map(f -> CompiledFlow.compile(f, patterns));
        loaded.ifPresent(this::keep);
        return loaded;
    }

    private synchronized Snapshot reload(long count) {
        Snapshot seen = snapshot;
        if (seen != null && seen.changeCount == count) {
            return seen;
        }
        Map<Long, CompiledFlow> current = new HashMap<>();
        for (Flow f : flows.findAll()) {
            CompiledFlow compiled = versions.get(new Key(f.id(), f.version()));
            if (compiled == null) {
                compiled = CompiledFlow.compile(f, patterns);
                keep(compiled);
            }
            current.put(f.id(), compiled);
        }
        Snapshot fresh = new Snapshot(count, current);
        snapshot = fresh;
        return fresh;
    }

    private void keep(CompiledFlow compiled) {
        if (versions.size() >= MAX_VERSIONS) {
            versions.clear();
        }
        versions.put(new Key(compiled.flow().id(), compiled.flow().version()), compiled);
    }
}
