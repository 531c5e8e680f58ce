package io.parley.domain.port.in;

import io.parley.domain.model.Flow;
import io.parley.domain.model.FlowTest;
import io.parley.domain.model.FlowVersion;
import io.parley.domain.model.HttpCall;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** What business users do with flows. An invalid flow never gets this far: {@link Flow} checks itself. */
public interface ManageFlowsUseCase {

    List<Flow> list();

    Optional<Flow> get(long id);

    /**
     * @throws io.parley.domain.model.InvalidRuleException also for a pattern RE2 cannot compile, a body that is not
     *                                                     JSON, a host not allowed or a secret not configured
     */
    Flow create(Flow flow, String actor);

    /** Saves {@code flow} as the next version of flow {@code id}; empty when there is none. */
    Optional<Flow> replace(long id, Flow flow, String actor);

    /**
     * Deletes a flow; conversations in it finish on their version.
     *
     * @throws FlowInUseException when enabled rules start it
     */
    boolean delete(long id, String actor);

    List<FlowVersion> history(long id);

    /**
     * Takes in exported flows, all or nothing: each becomes the next version of the flow with its id, else of the
     * only flow with its name (so the rules that start it keep starting it), else a new flow; flows not in the list
     * stay as they are.
     *
     * @throws io.parley.domain.model.InvalidRuleException naming the flow ({@code flows[i].field}) and the problem
     */
    List<Flow> importAll(List<Flow> flows, String actor);

    /** Makes an old version current again, as a new version (a deleted flow comes back under a new id). */
    Optional<Flow> restore(long id, int version, String actor);

    /**
     * Runs {@code flow} against {@code messages} without sending or storing anything.
     *
     * @param answers canned answers of HTTP steps, by step id; a step without one fails unless {@code live}
     * @param live    make the HTTP steps' calls for real (for steps without a canned answer)
     */
    FlowTest test(Flow flow, List<String> messages, String customerId, Map<String, HttpCall.Result> answers,
                  boolean live);

    /** Ends the flow of conversation {@code conversationId}; false when it is in none (or does not exist). */
    boolean cancel(UUID conversationId, String actor);

    /** A flow that rules still start cannot go. */
    class FlowInUseException extends RuntimeException {

        private final transient List<Long> ruleIds;

        public FlowInUseException(List<Long> ruleIds) {
            super("rules " + ruleIds + " start this flow; change or delete them first");
            this.ruleIds = List.copyOf(ruleIds);
        }

        public List<Long> ruleIds() {
            return ruleIds;
        }
    }
}
