package io.parley.domain.port.in;

/** Does the scheduled work that is due: flow timeouts and flow calls. */
public interface RunScheduledWorkUseCase {

    /** Claims and does one round of due work; returns how many items it took. */
    int runDue();

    /**
     * Releases every claim when this instance is the database's only possible user (an embedded database): claims
     * found then were left by a killed predecessor. Returns how many were released.
     */
    int recoverAsOnlyInstance();
}
