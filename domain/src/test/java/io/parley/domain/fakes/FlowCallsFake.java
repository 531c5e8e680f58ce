package io.parley.domain.fakes;

import io.parley.domain.model.HttpCall;
import io.parley.domain.port.out.FlowCallPort;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** Answers flow calls from a queue of canned results (a 200 with {@code {}} when it is empty); records each call. */
public class FlowCallsFake implements FlowCallPort {

    public record Made(HttpCall call, String idempotencyKey) {
    }

    public final List<Made> made = new ArrayList<>();
    private final Deque<HttpCall.Result> results = new ArrayDeque<>();

    public FlowCallsFake answering(HttpCall.Result... next) {
        results.addAll(List.of(next));
        return this;
    }

    @Override
    public HttpCall.Result call(HttpCall call, String idempotencyKey) {
        made.add(new Made(call, idempotencyKey));
        return results.isEmpty() ? new HttpCall.Result(200, "{}", null) : results.poll();
    }
}
