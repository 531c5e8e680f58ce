package io.parley.adapters.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

@MappedEntity("status_report")
record StatusReportEntity(@Id @GeneratedValue @Nullable Long id,
                          String eventId,
                          String acsMessageId,
                          String status,
                          @Nullable String errorCode,
                          @Nullable String errorMessage,
                          Instant reportedAt,
                          Instant keptAt) {
}
