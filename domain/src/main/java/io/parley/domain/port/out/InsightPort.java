package io.parley.domain.port.out;

import io.parley.domain.model.Tally;
import io.parley.domain.model.UnansweredText;
import java.util.List;

/** Where insight's counts and unanswered texts are kept: written in the transaction that counted them, last. */
public interface InsightPort {

    /** Adds {@code counts} (in their order) and keeps {@code unanswered}, in the caller's transaction. */
    void add(List<Tally.Count> counts, List<UnansweredText> unanswered);

    InsightPort NONE = (counts, unanswered) -> {
    };
}
