package io.parley.adapters.persistence;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface StatusHistoryRepository extends CrudRepository<StatusChangeEntity, Long> {

    @Query("SELECT * FROM message_status_history WHERE message_id = :messageId ORDER BY id")
    List<StatusChangeEntity> of(UUID messageId);
}
