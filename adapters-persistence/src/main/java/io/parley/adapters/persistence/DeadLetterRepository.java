package io.parley.adapters.persistence;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface DeadLetterRepository extends CrudRepository<DeadLetterEntity, Long> {

    @Query("SELECT * FROM dead_letter ORDER BY received_at DESC, id DESC LIMIT :limit OFFSET :offset")
    List<DeadLetterEntity> newestFirst(int offset, int limit);
}
