package io.parley.adapters.persistence;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface DeadLetterRepository extends GenericRepository<DeadLetterEntity, Long> {

    DeadLetterEntity save(DeadLetterEntity entity);
}
