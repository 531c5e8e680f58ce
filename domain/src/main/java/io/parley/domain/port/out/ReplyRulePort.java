package io.parley.domain.port.out;

import io.parley.domain.model.ReplyRule;
import java.util.List;
import java.util.Optional;

/** Stored reply rules. */
public interface ReplyRulePort {

    /** All rules, enabled or not. */
    List<ReplyRule> findAll();

    Optional<ReplyRule> findById(long id);

    /** Stores a new rule and returns it with its id. */
    ReplyRule insert(ReplyRule rule);

    /** Replaces a stored rule; false when there is no rule with that id. */
    boolean update(ReplyRule rule);

    boolean delete(long id);

    /** A number that changes whenever any rule changes, on any instance: tells caches when to rebuild. */
    long version();
}
