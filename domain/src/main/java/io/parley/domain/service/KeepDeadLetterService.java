package io.parley.domain.service;

import io.parley.domain.model.DeadLetter;
import io.parley.domain.port.in.KeepDeadLetterUseCase;
import io.parley.domain.port.out.DeadLetterPort;
import java.util.logging.Logger;

public final class KeepDeadLetterService implements KeepDeadLetterUseCase {

    private static final Logger LOG = Logger.getLogger(KeepDeadLetterService.class.getName());

    private final DeadLetterPort deadLetters;

    public KeepDeadLetterService(DeadLetterPort deadLetters) {
        this.deadLetters = deadLetters;
    }

    @Override
    public long keep(DeadLetter deadLetter) {
        long id = deadLetters.keep(deadLetter);
        LOG.warning(() -> "dead letter " + id + " kept (" + deadLetter.body().length + " bytes): "
                + deadLetter.reason());
        return id;
    }
}
