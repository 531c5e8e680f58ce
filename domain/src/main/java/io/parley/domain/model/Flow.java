package io.parley.domain.model;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A conversation flow as business users build it: steps that ask, remember, check, look things up and carry the
 * conversation to an end. It checks itself as a whole when it is built (steps, routes, limits, variables, and no
 * cycle that runs without waiting for the customer), so an invalid flow cannot exist; what needs an engine (RE2
 * patterns, JSON bodies, allowed hosts) is checked when it is saved.
 *
 * @param id      null until stored
 * @param version 0 until stored; every saved change makes a new version, and a conversation that started on one
 *                finishes on it
 */
public record Flow(Long id, String name, int version, String start, List<FlowStep> steps) {

    public static final int MAX_STEPS = 100;
    public static final int MAX_NAME_LENGTH = 200;
    /** Longer than WhatsApp's 24-hour window would be pointless: the flow cannot write after it anyway. */
    public static final Duration MAX_ASK_TIMEOUT = Duration.ofHours(24);
    public static final Duration MIN_ASK_TIMEOUT = Duration.ofSeconds(10);
    public static final int MAX_URL_LENGTH = 2048;
    public static final int MAX_HEADER_VALUE = 1000;

    private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}");
    private static final Pattern SECRET = Pattern.compile("\\{\\{\\s*secret\\.([A-Za-z0-9_]+)\\s*}}");
    private static final Pattern ANY_VARIABLE = Pattern.compile("\\{\\{\\s*([^{}]*?)\\s*}}");
    private static final Set<String> HEADERS_PARLEY_SETS = Set.of("idempotency-key", "x-parley-signature",
            "content-length", "host");

    public Flow {
        steps = steps == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(steps));
        List<FieldError> problems = new ArrayList<>();
        if (name == null || name.isBlank()) {
            problems.add(new FieldError("name", "must not be empty"));
        } else if (name.length() > MAX_NAME_LENGTH) {
            problems.add(new FieldError("name", "must be at most " + MAX_NAME_LENGTH + " characters"));
        }
        checkSteps(start, steps, problems);
        if (!problems.isEmpty()) {
            throw new InvalidRuleException(problems);
        }
        name = name.strip();
    }

    public Flow withId(Long newId, int newVersion) {
        return new Flow(newId, name, newVersion, start, steps);
    }

    public FlowStep step(String stepId) {
        for (FlowStep s : steps) {
            if (s.id().equals(stepId)) {
                return s;
            }
        }
        return null;
    }

    /** The names of the secrets the HTTP steps' headers use ({@code {{secret.NAME}}}). */
    public Set<String> secrets() {
        Set<String> names = new java.util.TreeSet<>();
        for (FlowStep s : steps) {
            if (s instanceof FlowStep.Http http) {
                http.headers().values().forEach(v -> {
                    Matcher m = SECRET.matcher(v == null ? "" : v);
                    while (m.find()) {
                        names.add(m.group(1));
                    }
                });
            }
        }
        return names;
    }

    private static void checkSteps(String start, List<FlowStep> steps, List<FieldError> problems) {
        if (steps.isEmpty()) {
            problems.add(new FieldError("steps", "must have at least one step"));
            return;
        }
        if (steps.size() > MAX_STEPS) {
            problems.add(new FieldError("steps", "must be at most " + MAX_STEPS + " steps"));
            return;
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            FlowStep s = steps.get(i);
            String field = "steps[" + i + "]";
            if (s == null) {
                problems.add(new FieldError(field, "must not be null"));
                continue;
            }
            if (s.id() == null || !FlowStep.ID.matcher(s.id()).matches()) {
                problems.add(new FieldError(field + ".id", "must be 1 to 64 letters, digits, '_' or '-'"));
            } else if (index.putIfAbsent(s.id(), i) != null) {
                problems.add(new FieldError(field + ".id", "'" + s.id() + "' is already the id of steps["
                        + index.get(s.id()) + "]"));
            }
        }
        if (start == null || start.isBlank()) {
            problems.add(new FieldError("start", "must name the first step"));
        } else if (!index.containsKey(start)) {
            problems.add(new FieldError("start", "no step has the id '" + start + "'"));
        }
        Set<String> saved = new HashSet<>();
        for (FlowStep s : steps) {
            if (s instanceof FlowStep.Ask ask && ask.save() != null) {
                saved.add(ask.save());
            } else if (s instanceof FlowStep.Http http) {
                saved.addAll(http.save().keySet());
            }
        }
        for (int i = 0; i < steps.size(); i++) {
            FlowStep s = steps.get(i);
            if (s == null) {
                continue;
            }
            String field = "steps[" + i + "]";
            s.routes().forEach((route, target) -> {
                if (!index.containsKey(target)) {
                    problems.add(new FieldError(field + "." + route, "no step has the id '" + target + "'"));
                }
            });
            checkStep(s, field, saved, problems);
        }
        checkCycles(steps, index, problems);
    }

    private static void checkStep(FlowStep s, String field, Set<String> saved, List<FieldError> problems) {
        if (s instanceof FlowStep.Message m) {
            if (m.message() == null) {
                problems.add(new FieldError(field + ".message", "is required for a MESSAGE step"));
            }
            checkMessage(m.message(), field + ".message", saved, problems);
        } else if (s instanceof FlowStep.Ask a) {
            checkAsk(a, field, saved, problems);
        } else if (s instanceof FlowStep.Branch b) {
            checkBranch(b, field, problems);
        } else if (s instanceof FlowStep.Http h) {
            checkHttp(h, field, saved, problems);
        } else {
            checkMessage(s.message(), field + ".message", saved, problems);
        }
    }

    private static void checkAsk(FlowStep.Ask a, String field, Set<String> saved, List<FieldError> problems) {
        if (a.message() == null) {
            problems.add(new FieldError(field + ".message", "is required for an ASK step: the question"));
        }
        checkMessage(a.message(), field + ".message", saved, problems);
        checkMessage(a.invalidMessage(), field + ".invalidMessage", saved, problems);
        a.expect().collectProblems(field + ".expect", problems);
        if (a.save() != null && !FlowStep.VARIABLE_NAME.matcher(a.save()).matches()) {
            problems.add(new FieldError(field + ".save", "must be a variable name: a letter or '_', then up to 63 "
                    + "letters, digits or '_'"));
        }
        if (a.retries() < 0 || a.retries() > FlowStep.Ask.MAX_RETRIES) {
            problems.add(new FieldError(field + ".retries", "must be 0 to " + FlowStep.Ask.MAX_RETRIES));
        }
        if (a.timeout() != null && (a.timeout().compareTo(MIN_ASK_TIMEOUT) < 0
                || a.timeout().compareTo(MAX_ASK_TIMEOUT) > 0)) {
            problems.add(new FieldError(field + ".timeout", "must be from 10 seconds (PT10S) to 24 hours (PT24H)"));
        }
        if (a.onTimeout() != null && a.timeout() == null) {
            problems.add(new FieldError(field + ".onTimeout", "needs a timeout"));
        }
        if (a.expect().type() == Expectation.Type.CHOICE) {
            if (a.next() != null) {
                problems.add(new FieldError(field + ".next", "a CHOICE question goes where the option picked leads "
                        + "(expect.choices), not to next"));
            }
            List<String> offered = a.message() == null ? List.of() : optionIds(a.message());
            if (!offered.isEmpty()) {
                for (String option : a.expect().choices().keySet()) {
                    if (!offered.contains(option)) {
                        problems.add(new FieldError(field + ".expect.choices." + option, "the question offers no "
                                + "option with this id; its options are " + offered));
                    }
                }
                for (String option : offered) {
                    if (!a.expect().choices().containsKey(option)) {
                        problems.add(new FieldError(field + ".expect.choices", "option '" + option + "' of the "
                                + "question leads nowhere: give it a step"));
                    }
                }
            }
        }
    }

    private static List<String> optionIds(RuleReply message) {
        List<String> ids = new ArrayList<>();
        InteractiveParts p = message.interactive();
        if (message.type() == ReplyType.BUTTONS) {
            p.buttons().forEach(b -> {
                if (b != null && b.id() != null) {
                    ids.add(b.id().strip());
                }
            });
        } else if (message.type() == ReplyType.LIST) {
            p.sections().forEach(section -> {
                if (section != null) {
                    section.rows().forEach(r -> {
                        if (r != null && r.id() != null) {
                            ids.add(r.id().strip());
                        }
                    });
                }
            });
        }
        return ids;
    }

    private static void checkBranch(FlowStep.Branch b, String field, List<FieldError> problems) {
        if (b.cases().isEmpty()) {
            problems.add(new FieldError(field + ".cases", "must have at least one case"));
        } else if (b.cases().size() > FlowStep.Branch.MAX_CASES) {
            problems.add(new FieldError(field + ".cases", "must be at most " + FlowStep.Branch.MAX_CASES
                    + " cases"));
        }
        for (int i = 0; i < b.cases().size(); i++) {
            FlowStep.BranchCase c = b.cases().get(i);
            String f = field + ".cases[" + i + "]";
            if (c == null) {
                problems.add(new FieldError(f, "must not be null"));
                continue;
            }
            if (c.variable() == null || !FlowStep.VARIABLE_NAME.matcher(c.variable()).matches()
                    && !RuleReply.ANALYSIS_VARIABLES.contains(c.variable())) {
                problems.add(new FieldError(f + ".variable", "must name a flow variable, or one of "
                        + String.join(", ", RuleReply.ANALYSIS_VARIABLES)));
            }
            if (c.test() == null) {
                problems.add(new FieldError(f, "needs one of equals, contains, matches or exists"));
            } else if (c.test() != FlowStep.BranchCase.Test.EXISTS && c.value() == null) {
                problems.add(new FieldError(f + "." + c.test().name().toLowerCase(java.util.Locale.ROOT),
                        "needs a value"));
            } else if (c.value() != null && c.value().length() > Expectation.MAX_PATTERN_LENGTH) {
                problems.add(new FieldError(f + "." + c.test().name().toLowerCase(java.util.Locale.ROOT),
                        "must be at most " + Expectation.MAX_PATTERN_LENGTH + " characters"));
            }
            if (c.next() == null) {
                problems.add(new FieldError(f + ".next", "must name the step this case leads to"));
            }
        }
    }

    private static void checkHttp(FlowStep.Http h, String field, Set<String> saved, List<FieldError> problems) {
        if (!List.of("GET", "POST", "PUT").contains(h.method())) {
            problems.add(new FieldError(field + ".method", "must be GET, POST or PUT"));
        }
        if (h.url() == null || h.url().isBlank()) {
            problems.add(new FieldError(field + ".url", "is required for an HTTP step"));
        } else if (h.url().length() > MAX_URL_LENGTH) {
            problems.add(new FieldError(field + ".url", "must be at most " + MAX_URL_LENGTH + " characters"));
        } else if (!h.url().startsWith("https://") && !h.url().startsWith("http://")) {
            problems.add(new FieldError(field + ".url", "must be an http(s) address"));
        } else if (h.url().replaceFirst("^https?://", "").startsWith("{{")) {
            problems.add(new FieldError(field + ".url", "the host must be written out, not a variable"));
        }
        checkText(h.url(), field + ".url", saved, Where.HTTP, problems);
        if (h.timeout().isNegative() || h.timeout().isZero() || h.timeout().compareTo(FlowStep.Http.MAX_TIMEOUT) > 0) {
            problems.add(new FieldError(field + ".timeout", "must be more than 0 and at most 10 seconds (PT10S)"));
        }
        if (h.headers().size() > FlowStep.Http.MAX_HEADERS) {
            problems.add(new FieldError(field + ".headers", "must be at most " + FlowStep.Http.MAX_HEADERS));
        }
        h.headers().forEach((name, value) -> {
            if (name == null || !HEADER_NAME.matcher(name).matches()) {
                problems.add(new FieldError(field + ".headers", "'" + name + "' is not a header name"));
            } else if (HEADERS_PARLEY_SETS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                problems.add(new FieldError(field + ".headers." + name, "is set by Parley"));
            } else if (value == null || value.length() > MAX_HEADER_VALUE || value.chars().anyMatch(c -> c < 0x20)) {
                problems.add(new FieldError(field + ".headers." + name, "must be 0 to " + MAX_HEADER_VALUE
                        + " characters on one line"));
            } else if (sensitive(name) && !SECRET.matcher(value).find()) {
                problems.add(new FieldError(field + ".headers." + name, "holds a credential: keep it in a setting "
                        + "PARLEY_FLOWS_SECRET_<NAME> and write {{secret.<NAME>}} here, so that it is never stored "
                        + "or shown"));
            } else {
                checkText(value, field + ".headers." + name, saved, Where.HEADER, problems);
            }
        });
        if (h.body() != null) {
            if ("GET".equals(h.method())) {
                problems.add(new FieldError(field + ".body", "a GET sends no body"));
            } else if (h.body().length() > FlowStep.Http.MAX_BODY) {
                problems.add(new FieldError(field + ".body", "must be at most " + FlowStep.Http.MAX_BODY
                        + " characters"));
            }
            checkText(h.body(), field + ".body", saved, Where.HTTP, problems);
        }
        if (h.save().size() > FlowStep.Http.MAX_SAVES) {
            problems.add(new FieldError(field + ".save", "must be at most " + FlowStep.Http.MAX_SAVES));
        }
        h.save().forEach((variable, pointer) -> {
            if (variable == null || !FlowStep.VARIABLE_NAME.matcher(variable).matches()) {
                problems.add(new FieldError(field + ".save", "'" + variable + "' is not a variable name"));
            } else if (pointer == null || !(pointer.isEmpty() || pointer.startsWith("/")) || pointer.length() > 500) {
                problems.add(new FieldError(field + ".save." + variable, "must be a JSON Pointer such as /status "
                        + "or /items/0/name"));
            }
        });
    }

    /** Headers that carry credentials by their name. */
    private static boolean sensitive(String header) {
        String lower = header.toLowerCase(java.util.Locale.ROOT);
        return lower.equals("authorization") || lower.equals("proxy-authorization") || lower.equals("cookie")
                || lower.contains("token") || lower.contains("secret") || lower.contains("password")
                || lower.contains("api-key") || lower.contains("apikey") || lower.equals("x-api-key");
    }

    private static void checkMessage(RuleReply message, String field, Set<String> saved, List<FieldError> problems) {
        if (message == null) {
            return;
        }
        List<FieldError> own = new ArrayList<>();
        message.collectProblems(own, true);
        for (FieldError e : own) {
            problems.add(new FieldError(field + e.field().substring("reply".length()), e.message()));
        }
        for (String[] part : message.texts()) {
            checkText(part[1], field + part[0].substring("reply".length()), saved, Where.MESSAGE, problems);
        }
    }

    /**
     * Where a text stands: a message (whose own variables {@link RuleReply} checks), an HTTP step's address or body
     * (which know {@code {{customer.id}}} and {@code {{now}}}), or a header (which also knows secrets).
     */
    private enum Where {
        MESSAGE, HTTP, HEADER
    }

    /** Flow variables must be saved by some step; secrets only stand in headers; HTTP texts know two more. */
    private static void checkText(String value, String field, Set<String> saved, Where where,
                                  List<FieldError> problems) {
        boolean header = where == Where.HEADER;
        if (value == null || !value.contains("{{")) {
            return;
        }
        Matcher m = ANY_VARIABLE.matcher(value);
        while (m.find()) {
            String name = m.group(1);
            if (name.startsWith("flow.")) {
                String variable = name.substring(5);
                if (!saved.contains(variable)) {
                    problems.add(new FieldError(field, "no step saves the variable {{" + name + "}}"));
                }
            } else if (name.startsWith("secret.")) {
                if (!header) {
                    problems.add(new FieldError(field, "secrets ({{" + name + "}}) may only stand in headers"));
                } else if (!name.substring(7).matches("[A-Za-z0-9_]+")) {
                    problems.add(new FieldError(field, "a secret's name is letters, digits and '_'"));
                }
            } else if (where != Where.MESSAGE && !List.of("customer.id", "now").contains(name)
                    && !RuleReply.ANALYSIS_VARIABLES.contains(name)) {
                problems.add(new FieldError(field, "unknown variable {{" + name + "}}; use {{flow.<name>}}, "
                        + "{{customer.id}}, {{now}}, {{analysis.intent}}, {{analysis.language}}, "
                        + "{{analysis.keyPhrases}}" + (header ? " or {{secret.<NAME>}}" : "")));
            }
        }
    }

    /**
     * Refuses a cycle of steps that never waits for the customer (only an ASK waits): it would send or call for
     * ever. Depth-first over the routes that do not leave from an ASK.
     */
    private static void checkCycles(List<FlowStep> steps, Map<String, Integer> index, List<FieldError> problems) {
        Map<String, Integer> state = new HashMap<>(); // 1 on the path, 2 done
        for (FlowStep s : steps) {
            if (s == null || s.id() == null || state.containsKey(s.id())) {
                continue;
            }
            Deque<String> path = new ArrayDeque<>();
            String cycle = visit(s.id(), steps, index, state, path);
            if (cycle != null) {
                problems.add(new FieldError("steps[" + index.get(cycle.split(" ")[0]) + "]", "the steps " + cycle
                        + " lead round in a circle without asking the customer anything; add an ASK step to it"));
                return;
            }
        }
    }

    private static String visit(String id, List<FlowStep> steps, Map<String, Integer> index,
                                Map<String, Integer> state, Deque<String> path) {
        state.put(id, 1);
        path.addLast(id);
        Integer at = index.get(id);
        FlowStep s = at == null ? null : steps.get(at);
        if (s != null && !(s instanceof FlowStep.Ask)) {
            for (String target : new LinkedHashMap<>(s.routes()).values()) {
                Integer targetState = state.get(target);
                if (targetState == null && index.containsKey(target)) {
                    String cycle = visit(target, steps, index, state, path);
                    if (cycle != null) {
                        return cycle;
                    }
                } else if (targetState != null && targetState == 1) {
                    List<String> loop = new ArrayList<>(path);
                    return String.join(" \u2192 ", loop.subList(loop.indexOf(target), loop.size())) + " \u2192 "
                            + target;
                }
            }
        }
        path.removeLast();
        state.put(id, 2);
        return null;
    }
}
