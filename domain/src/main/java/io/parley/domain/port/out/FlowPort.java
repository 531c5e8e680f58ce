package io.parley.domain.port.out;

import io.parley.domain.model.Flow;
import io.parley.domain.model.FlowVersion;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Stored flows, each with every version it had, in the current transaction. */
public interface FlowPort {

    /** The current version of every flow, by id. */
    List<Flow> findAll();

    Optional<Flow> findById(long id);

    /** Stores a new flow as version 1 and returns it with its id and version. */
    Flow insert(Flow flow, String change, String actor, Instant at);

    /** Stores {@code flow} as the next version of flow {@code flow.id()}; empty when there is no such flow. */
    Optional<Flow> update(Flow flow, String change, String actor, Instant at);

    /** Removes a flow (its versions stay, for the conversations still in it and for its history). */
    boolean delete(long id, String actor, Instant at);

    /** A version of a flow, also of a deleted one. */
    Optional<Flow> findVersion(long id, int version);

    /** Oldest first. */
    List<FlowVersion> history(long id);

    /** A number that changes whenever any flow changes, on any instance: tells caches when to reload. */
    long changeCount();
}
