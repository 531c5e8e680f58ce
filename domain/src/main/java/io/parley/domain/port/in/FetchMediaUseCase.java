package io.parley.domain.port.in;

/** Downloads the media customers sent, off the webhook request. */
public interface FetchMediaUseCase {

    /** Fetches what is due; returns how many downloads were attempted. */
    int fetchDue();
}
