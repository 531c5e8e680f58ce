package io.parley.domain.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One step of a {@link Flow}. Routes name other steps by id; a missing route ends the flow there. Only an
 * {@link Ask} waits for the customer; an {@link Http} step waits for the business's system.
 */
public sealed interface FlowStep {

    /** Step ids: letters, digits, '_' and '-', up to 64. */
    Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** Names of flow variables: a letter or '_', then letters, digits and '_', up to 64. */
    Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

    enum Type {
        MESSAGE, ASK, BRANCH, HTTP, HANDOFF, END
    }

    String id();

    Type type();

    /** The steps this one can lead to, each with the field that names it. */
    Map<String, String> routes();

    /** The message it sends first, or null. */
    default RuleReply message() {
        return null;
    }

    /** Sends a message and goes on. */
    record Message(String id, RuleReply message, String next) implements FlowStep {
        @Override
        public Type type() {
            return Type.MESSAGE;
        }

        @Override
        public Map<String, String> routes() {
            return routesOf("next", next);
        }
    }

    /**
     * Asks and waits for the answer. A valid answer is saved as {@code save} (when given) and leads to {@code next}
     * (for a CHOICE, to the step of the option picked); an invalid one gets {@code invalidMessage} (else the question
     * again) up to {@code retries} times, then leads to {@code onInvalid} (else the flow ends). Without an answer
     * within {@code timeout} the flow goes to {@code onTimeout} (else ends).
     */
    record Ask(String id, RuleReply message, Expectation expect, String save, int retries, RuleReply invalidMessage,
               String onInvalid, Duration timeout, String onTimeout, String next) implements FlowStep {

        public static final int DEFAULT_RETRIES = 2;
        public static final int MAX_RETRIES = 10;

        public Ask {
            expect = expect == null ? Expectation.TEXT : expect;
        }

        @Override
        public Type type() {
            return Type.ASK;
        }

        @Override
        public Map<String, String> routes() {
            Map<String, String> all = routesOf("next", next, "onInvalid", onInvalid, "onTimeout", onTimeout);
            expect.choices().forEach((option, step) -> all.put("expect.choices." + option, step));
            return all;
        }
    }

    /** Goes to the {@code next} of the first case that holds, else to {@code otherwise}. */
    record Branch(String id, List<BranchCase> cases, String otherwise) implements FlowStep {

        public static final int MAX_CASES = 20;

        public Branch {
            cases = cases == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(cases));
        }

        @Override
        public Type type() {
            return Type.BRANCH;
        }

        @Override
        public Map<String, String> routes() {
            Map<String, String> all = new LinkedHashMap<>();
            for (int i = 0; i < cases.size(); i++) {
                if (cases.get(i) != null && cases.get(i).next() != null) {
                    all.put("cases[" + i + "].next", cases.get(i).next());
                }
            }
            if (otherwise != null) {
                all.put("otherwise", otherwise);
            }
            return all;
        }
    }

    /**
     * Calls the business's own system, outside the webhook request: on a 2xx answer saves values from its JSON
     * ({@code save}: variable to JSON Pointer) and goes to {@code next}; otherwise to {@code onError} (else ends).
     *
     * @param body    JSON with variables filled in (their values JSON-escaped), or null; not for GET
     * @param headers values may hold {@code {{secret.NAME}}}, filled from the settings only when the call is made
     */
    record Http(String id, String method, String url, Map<String, String> headers, String body,
                Map<String, String> save, Duration timeout, String next, String onError) implements FlowStep {

        public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
        public static final Duration MAX_TIMEOUT = Duration.ofSeconds(10);
        public static final int MAX_HEADERS = 20;
        public static final int MAX_SAVES = 20;
        public static final int MAX_BODY = 10_000;

        public Http {
            method = method == null ? "GET" : method.strip().toUpperCase(java.util.Locale.ROOT);
            headers = headers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
            save = save == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(save));
            timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        }

        @Override
        public Type type() {
            return Type.HTTP;
        }

        @Override
        public Map<String, String> routes() {
            return routesOf("next", next, "onError", onError);
        }
    }

    /** Hands the conversation to a person (the bot goes quiet as for a HANDOFF rule) and ends the flow. */
    record Handoff(String id, RuleReply message) implements FlowStep {
        @Override
        public Type type() {
            return Type.HANDOFF;
        }

        @Override
        public Map<String, String> routes() {
            return Map.of();
        }
    }

    /** Ends the flow, with a last message when given. */
    record End(String id, RuleReply message) implements FlowStep {
        @Override
        public Type type() {
            return Type.END;
        }

        @Override
        public Map<String, String> routes() {
            return Map.of();
        }
    }

    /**
     * One case of a branch: {@code variable} (a flow variable's name) compared by {@code test} with {@code value}.
     * EQUALS and CONTAINS ignore case and surrounding spaces; MATCHES is an RE2 pattern found anywhere; EXISTS holds
     * for a variable that is set and not empty.
     */
    record BranchCase(String variable, Test test, String value, String next) {

        public enum Test {
            EQUALS, CONTAINS, MATCHES, EXISTS
        }
    }

    private static Map<String, String> routesOf(String... fieldsAndSteps) {
        Map<String, String> all = new LinkedHashMap<>();
        for (int i = 0; i < fieldsAndSteps.length; i += 2) {
            if (fieldsAndSteps[i + 1] != null) {
                all.put(fieldsAndSteps[i], fieldsAndSteps[i + 1]);
            }
        }
        return all;
    }
}
