package io.parley.domain.model;

import java.time.Instant;

/**
 * One change of a flow: who, when, what (CREATED, UPDATED, DELETED, RESTORED, IMPORTED), and the flow as it was
 * after the change (as it was before, for DELETED).
 */
public record FlowVersion(long flowId, int version, String change, Flow flow, String changedBy, Instant changedAt) {
}
