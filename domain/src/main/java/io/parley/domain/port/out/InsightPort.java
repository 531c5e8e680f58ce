package io.parley.domain.port.out;

import io.parley.domain.model.Tally;
import io.parley.domain.model.UnansweredText;
import java.util.List;

/** Where insight's counts and unanswered texts are kept: written in the transaction that counted them, last. */
public interface InsightPort {

    /** Adds {@code counts} (in their order) and keeps {@code unanswered}, in the caller's transaction. */
    void add(List<Tally.Count> counts, List<UnansweredText> unanswered);

    /**
     * Folds up to {@code max} of the counts added since the last fold into the hourly totals, in the caller's
     * transaction (reads see the same figures before and after); answers how many it folded. Several instances may
     * fold at the same time: each takes other counts.
     */
    default int fold(int max) {
        return 0;
    }

    InsightPort NONE = (counts, unanswered) -> {
    };
}
