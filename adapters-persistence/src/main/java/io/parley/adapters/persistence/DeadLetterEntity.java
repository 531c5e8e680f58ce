package io.parley.adapters.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

@MappedEntity("dead_letter")
record DeadLetterEntity(@Id @GeneratedValue @Nullable Long id,
                        Instant receivedAt,
                        String reason,
                        String headers,
                        byte[] body,
                        long bodySize,
                        long keptSize) {
}
