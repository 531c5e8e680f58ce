package io.parley.domain.port.out;

/**
 * Tells whoever drives a background job (the dispatcher, the media fetcher) that work was committed for it, so it
 * need not wait for its next poll.
 */
public interface WorkSignal {

    void workQueued();
}
