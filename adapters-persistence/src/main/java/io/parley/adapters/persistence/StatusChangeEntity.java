package io.parley.adapters.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.UUID;

@MappedEntity("message_status_history")
record StatusChangeEntity(@Id @GeneratedValue @Nullable Long id,
                          UUID messageId,
                          String status,
                          Instant at,
                          @Nullable String errorCode,
                          @Nullable String errorMessage,
                          String source,
                          boolean applied) {
}
