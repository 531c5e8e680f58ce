package io.parley.domain.service;

import io.parley.domain.model.DeadLetter;
import io.parley.domain.port.in.KeepDeadLetterUseCase;
import io.parley.domain.port.out.DeadLetterPort;
import java.util.logging.Logger;

/**
 * Keeps refused deliveries within bounds: each body is cut at {@link Limits#maxBody} (its full size is still
 * recorded), and once the kept bodies take more than {@link Limits#maxTotal}, the oldest go first. A flood of
 * refused deliveries therefore costs a bounded amount of disk, and no list of them a bounded amount of memory.
 */
public final class KeepDeadLetterService implements KeepDeadLetterUseCase {

    private static final Logger LOG = Logger.getLogger(KeepDeadLetterService.class.getName());

    /** How much of a body is kept, and how much of all bodies together. */
    public record Limits(int maxBody, long maxTotal) {
        public Limits {
            if (maxBody < 0 || maxTotal < maxBody) {
                throw new IllegalArgumentException("dead letters: the total (" + maxTotal + " bytes) must be at "
                        + "least one body (" + maxBody + " bytes)");
            }
        }
    }

    private final DeadLetterPort deadLetters;
    private final Limits limits;

    public KeepDeadLetterService(DeadLetterPort deadLetters, Limits limits) {
        this.deadLetters = deadLetters;
        this.limits = limits;
    }

    @Override
    public long keep(DeadLetter deadLetter) {
        DeadLetter kept = deadLetter.cutTo(limits.maxBody());
        long id = deadLetters.keep(kept);
        LOG.warning(() -> "dead letter " + id + " kept (" + kept.body().length + " of " + kept.size() + " bytes): "
                + kept.reason());
        if (deadLetters.keptBytes() > limits.maxTotal()) {
            int dropped = deadLetters.dropOldestBeyond(limits.maxTotal());
            LOG.warning(() -> "dropped the " + dropped + " oldest dead letters: together they took more than "
                    + limits.maxTotal() + " bytes (PARLEY_DEAD_LETTERS_MAX_TOTAL)");
        }
        return id;
    }
}
