package io.parley.app.admin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.annotation.Serdeable;
import io.parley.domain.model.Expectation;
import io.parley.domain.model.FieldError;
import io.parley.domain.model.Flow;
import io.parley.domain.model.FlowStep;
import io.parley.domain.model.InvalidRuleException;
import io.parley.domain.model.ReplyType;
import io.parley.domain.model.RuleReply;
import java.io.IOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A flow as the admin API reads and writes it (CONTRACT.md, "Flows"). An ASK step's {@code save} is a variable's
 * name, an HTTP step's an object of variable to JSON Pointer; an HTTP step's {@code body} is JSON (a JSON string
 * is taken as the body's text, for bodies that put a variable where a number goes).
 */
@Serdeable
record FlowDto(@Nullable Long id, @Nullable String name, @Nullable Integer version, @Nullable String start,
               @Nullable List<Step> steps) {

    @Serdeable
    record Step(@Nullable String id, @Nullable String type, @Nullable RuleDto.Reply message,
                @Nullable Expect expect, @Nullable JsonNode save, @Nullable Integer retries,
                @Nullable RuleDto.Reply invalidMessage, @Nullable String onInvalid, @Nullable String timeout,
                @Nullable String onTimeout, @Nullable String next, @Nullable List<Case> cases,
                @Nullable String otherwise, @Nullable String method, @Nullable String url,
                @Nullable Map<String, String> headers, @Nullable JsonNode body, @Nullable String onError) {
    }

    @Serdeable
    record Expect(@Nullable String type, @Nullable String pattern, @Nullable Map<String, String> choices) {
    }

    /** One of {@code equals}, {@code contains}, {@code matches} or {@code exists} (true). */
    @Serdeable
    record Case(@Nullable String variable, @Nullable String equals, @Nullable String contains,
                @Nullable String matches, @Nullable Boolean exists, @Nullable String next) {
    }

    /** The same flow without its version (for export: an import makes the next one). */
    FlowDto withoutVersion() {
        return new FlowDto(id, name, null, start, steps);
    }

    static FlowDto of(Flow flow, JsonMapper json) {
        return new FlowDto(flow.id(), flow.name(), flow.version(), flow.start(),
                flow.steps().stream().map(s -> step(s, json)).toList());
    }

    private static Step step(FlowStep s, JsonMapper json) {
        String type = s.type().name();
        if (s instanceof FlowStep.Message m) {
            return new Step(m.id(), type, reply(m.message()), null, null, null, null, null, null, null, m.next(),
                    null, null, null, null, null, null, null);
        }
        if (s instanceof FlowStep.Ask a) {
            Expectation e = a.expect();
            return new Step(a.id(), type, reply(a.message()), new Expect(e.type().name(), e.pattern(),
                    e.choices().isEmpty() ? null : e.choices()), a.save() == null ? null : JsonNode.createStringNode(
                    a.save()), a.retries(), reply(a.invalidMessage()), a.onInvalid(), text(a.timeout()),
                    a.onTimeout(), a.next(), null, null, null, null, null, null, null);
        }
        if (s instanceof FlowStep.Branch b) {
            return new Step(b.id(), type, null, null, null, null, null, null, null, null, null,
                    b.cases().stream().map(FlowDto::caseOf).toList(), b.otherwise(), null, null, null, null, null);
        }
        if (s instanceof FlowStep.Http h) {
            Map<String, JsonNode> saves = new LinkedHashMap<>();
            h.save().forEach((variable, pointer) -> saves.put(variable, JsonNode.createStringNode(pointer)));
            return new Step(h.id(), type, null, null, saves.isEmpty() ? null : JsonNode.createObjectNode(saves),
                    null, null, null, text(h.timeout()), null, h.next(), null, null, h.method(), h.url(),
                    h.headers().isEmpty() ? null : h.headers(), body(h.body(), json), h.onError());
        }
        return new Step(s.id(), type, reply(s.message()), null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null);
    }

    private static Case caseOf(FlowStep.BranchCase c) {
        return switch (c.test()) {
            case EQUALS -> new Case(c.variable(), c.value(), null, null, null, c.next());
            case CONTAINS -> new Case(c.variable(), null, c.value(), null, null, c.next());
            case MATCHES -> new Case(c.variable(), null, null, c.value(), null, c.next());
            case EXISTS -> new Case(c.variable(), null, null, null, true, c.next());
        };
    }

    private static JsonNode body(String body, JsonMapper json) {
        if (body == null) {
            return null;
        }
        try {
            return json.readValue(body, JsonNode.class);
        } catch (IOException | RuntimeException e) {
            return JsonNode.createStringNode(body);
        }
    }

    private static String text(Duration d) {
        return d == null ? null : d.toString();
    }

    /** A step's message as the API shows it: a rule's reply (which a step's message never starts a flow with). */
    static RuleDto.Reply reply(RuleReply r) {
        return r == null ? null : RuleDto.Reply.of(r);
    }

    /**
     * The domain flow this body describes.
     *
     * @throws InvalidRuleException naming every field that is wrong
     */
    Flow toDomain(JsonMapper json) {
        List<FieldError> problems = new ArrayList<>();
        List<FlowStep> parsed = new ArrayList<>();
        List<Step> given = steps == null ? List.of() : steps;
        if (given.size() > Flow.MAX_STEPS) {
            throw new InvalidRuleException(List.of(new FieldError("steps", "must be at most " + Flow.MAX_STEPS
                    + " steps")));
        }
        for (int i = 0; i < given.size(); i++) {
            Step s = given.get(i);
            String field = "steps[" + i + "]";
            if (s == null) {
                problems.add(new FieldError(field, "must not be null"));
                continue;
            }
            FlowStep.Type type = parse(FlowStep.Type.class, s.type(), field + ".type", problems);
            if (type != null) {
                FlowStep step = toDomain(s, type, field, problems, json);
                if (step != null) {
                    parsed.add(step);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRuleException(problems);
        }
        return new Flow(id, name, version == null ? 0 : version, start, parsed);
    }

    private static FlowStep toDomain(Step s, FlowStep.Type type, String field, List<FieldError> problems,
                                     JsonMapper json) {
        return switch (type) {
            case MESSAGE -> new FlowStep.Message(s.id(), message(s.message(), field + ".message", problems), s.next());
            case ASK -> {
                Expectation expect = expect(s.expect(), field + ".expect", problems);
                String save = null;
                if (s.save() != null && !s.save().isNull()) {
                    if (s.save().isString()) {
                        save = s.save().getStringValue();
                    } else {
                        problems.add(new FieldError(field + ".save", "must be the name of a variable"));
                    }
                }
                yield new FlowStep.Ask(s.id(), message(s.message(), field + ".message", problems), expect, save,
                        s.retries() == null ? FlowStep.Ask.DEFAULT_RETRIES : s.retries(),
                        message(s.invalidMessage(), field + ".invalidMessage", problems), s.onInvalid(),
                        duration(s.timeout(), field + ".timeout", problems), s.onTimeout(), s.next());
            }
            case BRANCH -> new FlowStep.Branch(s.id(), cases(s.cases(), field, problems), s.otherwise());
            case HTTP -> new FlowStep.Http(s.id(), s.method(), s.url(), s.headers(), bodyText(s.body(), json),
                    saves(s.save(), field + ".save", problems), duration(s.timeout(), field + ".timeout", problems),
                    s.next(), s.onError());
            case HANDOFF -> new FlowStep.Handoff(s.id(), message(s.message(), field + ".message", problems));
            case END -> new FlowStep.End(s.id(), message(s.message(), field + ".message", problems));
        };
    }

    private static RuleReply message(RuleDto.Reply r, String field, List<FieldError> problems) {
        if (r == null) {
            return null;
        }
        ReplyType type = r.type() == null ? ReplyType.TEXT : parse(ReplyType.class, r.type(), field + ".type",
                problems);
        if (type == null) {
            return null;
        }
        return r.toDomain(type);
    }

    private static Expectation expect(Expect e, String field, List<FieldError> problems) {
        if (e == null) {
            return Expectation.TEXT;
        }
        Expectation.Type type = e.type() == null ? Expectation.Type.TEXT
                : parse(Expectation.Type.class, e.type(), field + ".type", problems);
        return type == null ? Expectation.TEXT : new Expectation(type, e.pattern(), e.choices());
    }

    private static List<FlowStep.BranchCase> cases(List<Case> cases, String field, List<FieldError> problems) {
        List<FlowStep.BranchCase> parsed = new ArrayList<>();
        if (cases == null) {
            return parsed;
        }
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            String f = field + ".cases[" + i + "]";
            if (c == null) {
                problems.add(new FieldError(f, "must not be null"));
                continue;
            }
            List<FlowStep.BranchCase> tests = new ArrayList<>();
            if (c.equals() != null) {
                tests.add(new FlowStep.BranchCase(c.variable(), FlowStep.BranchCase.Test.EQUALS, c.equals(), c.next()));
            }
            if (c.contains() != null) {
                tests.add(new FlowStep.BranchCase(c.variable(), FlowStep.BranchCase.Test.CONTAINS, c.contains(),
                        c.next()));
            }
            if (c.matches() != null) {
                tests.add(new FlowStep.BranchCase(c.variable(), FlowStep.BranchCase.Test.MATCHES, c.matches(),
                        c.next()));
            }
            if (Boolean.TRUE.equals(c.exists())) {
                tests.add(new FlowStep.BranchCase(c.variable(), FlowStep.BranchCase.Test.EXISTS, null, c.next()));
            }
            if (tests.size() != 1) {
                problems.add(new FieldError(f, "needs exactly one of equals, contains, matches or exists"));
            } else {
                parsed.add(tests.get(0));
            }
        }
        return parsed;
    }

    private static Map<String, String> saves(JsonNode save, String field, List<FieldError> problems) {
        Map<String, String> saves = new LinkedHashMap<>();
        if (save == null || save.isNull()) {
            return saves;
        }
        if (!save.isObject()) {
            problems.add(new FieldError(field, "must be an object of variable to JSON Pointer, e.g. "
                    + "{\"state\": \"/status\"}"));
            return saves;
        }
        for (Map.Entry<String, JsonNode> e : save.entries()) {
            if (e.getValue().isString()) {
                saves.put(e.getKey(), e.getValue().getStringValue());
            } else {
                problems.add(new FieldError(field + "." + e.getKey(), "must be a JSON Pointer such as /status"));
            }
        }
        return saves;
    }

    /** A JSON value as text: a JSON string as its content, anything else as compact JSON; null for none. */
    static String bodyText(JsonNode body, JsonMapper json) {
        if (body == null || body.isNull()) {
            return null;
        }
        if (body.isString()) {
            return body.getStringValue();
        }
        try {
            return json.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree that was just read is writable", e);
        }
    }

    /** An ISO-8601 duration (PT30M) or a short one: 30s, 5m, 2h. */
    static Duration duration(String text, String field, List<FieldError> problems) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.strip();
        try {
            if (t.matches("\\d{1,6}[smhd]")) {
                long n = Long.parseLong(t.substring(0, t.length() - 1));
                return switch (t.charAt(t.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            return Duration.parse(t.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException | ArithmeticException e) {
            problems.add(new FieldError(field, "'" + text + "' is not a duration such as PT30M or 30m"));
            return null;
        }
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value, String field, List<FieldError> problems) {
        return RuleDto.parse(type, value, field, problems);
    }
}
