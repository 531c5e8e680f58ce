package io.parley.adapters.persistence;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface ReplyRuleRepository extends CrudRepository<ReplyRuleEntity, Long> {

    @Query("UPDATE rule_set_version SET version = version + 1 WHERE id = 1")
    int bumpVersion();

    @Query("SELECT version FROM rule_set_version WHERE id = 1")
    long version();
}
