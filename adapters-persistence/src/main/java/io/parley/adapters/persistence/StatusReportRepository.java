package io.parley.adapters.persistence;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface StatusReportRepository extends CrudRepository<StatusReportEntity, Long> {

    @Query("""
            SELECT r.* FROM status_report r
            WHERE EXISTS (SELECT 1 FROM message m WHERE m.acs_message_id = r.acs_message_id)
            ORDER BY r.id
            LIMIT :max
            FOR UPDATE SKIP LOCKED""")
    List<StatusReportEntity> lockMatched(int max);

    @Query("SELECT * FROM status_report ORDER BY id DESC LIMIT :limit OFFSET :offset")
    List<StatusReportEntity> newestFirst(int offset, int limit);
}
