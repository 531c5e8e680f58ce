package io.parley.domain.model;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Extra conditions of a rule, all of which must hold besides its match. Null parts do not constrain.
 *
 * @param schedule      business hours, with {@code duringOpening} saying whether the rule applies inside them (true)
 *                      or outside them (false: the classic "away message")
 * @param newCustomer   true: only on a customer's first message; false: only after it
 * @param inactiveDays  only when the customer's previous message is at least this many days old (or there is none)
 * @param channels      only for messages to these channels
 * @param languages     only when the detected language is one of these (ignoring case)
 */
public record RuleConditions(WeeklySchedule schedule, Boolean duringOpening, Boolean newCustomer,
                             Integer inactiveDays, Set<String> channels, Set<String> languages) {

    public static final RuleConditions NONE = new RuleConditions(null, null, null, null, null, null);

    /** At most this many channels and languages a rule may name, each at most this long. */
    public static final int MAX_ENTRIES = 100;
    public static final int MAX_ENTRY_LENGTH = 255;

    public RuleConditions {
        // a null entry becomes "" (refused by validation, named), never a NullPointerException
        channels = channels == null ? Set.of() : channels.stream().map(c -> c == null ? "" : c.strip())
                .collect(Collectors.toUnmodifiableSet());
        languages = languages == null ? Set.of() : languages.stream()
                .map(l -> l == null ? "" : l.strip().toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        if (schedule != null && duringOpening == null) {
            duringOpening = true;
        }
    }

    public boolean isEmpty() {
        return schedule == null && newCustomer == null && inactiveDays == null && channels.isEmpty()
                && languages.isEmpty();
    }

    /** The first condition {@code input} fails, or null when all hold. */
    public String failedBy(RuleInput input) {
        return failedBy(input, true);
    }

    /**
     * The first condition {@code input} fails but the detected language, or null when they hold: whether the rule
     * could answer once the message's analysis says which language it is in.
     */
    public String failedByAllButLanguage(RuleInput input) {
        return failedBy(input, false);
    }

    private String failedBy(RuleInput input, boolean language) {
        if (schedule != null && input.at() != null && schedule.isOpen(input.at()) != duringOpening) {
            return duringOpening ? "outside business hours" : "inside business hours";
        }
        if (newCustomer != null && newCustomer != input.firstMessage()) {
            return newCustomer ? "not the customer's first message" : "the customer's first message";
        }
        if (inactiveDays != null && input.previousInboundAt() != null && input.at() != null
                && Duration.between(input.previousInboundAt(), input.at()).compareTo(Duration.ofDays(inactiveDays))
                < 0) {
            return "the customer wrote within the last " + inactiveDays + " day(s)";
        }
        if (!channels.isEmpty() && (input.channelId() == null || !channels.contains(input.channelId()))) {
            return "another channel";
        }
        if (language && !languages.isEmpty() && (input.language() == null
                || languages.stream().noneMatch(l -> Languages.same(l, input.language())))) {
            return input.language() == null ? "no detected language" : "language " + input.language();
        }
        return null;
    }

    /** True when the rule answers only in some languages: it needs the message's analysis. */
    public boolean needLanguage() {
        return !languages.isEmpty();
    }

    void collectProblems(List<FieldError> problems) {
        if (schedule != null) {
            schedule.collectProblems("conditions.schedule", problems);
        }
        if (inactiveDays != null && inactiveDays < 1) {
            problems.add(new FieldError("conditions.inactiveDays", "must be at least 1"));
        }
        entries(channels, "conditions.channels", problems);
        entries(languages, "conditions.languages", problems);
    }

    private static void entries(Set<String> values, String field, List<FieldError> problems) {
        if (values.size() > MAX_ENTRIES) {
            problems.add(new FieldError(field, "must name at most " + MAX_ENTRIES + ", not " + values.size()));
        }
        if (values.stream().anyMatch(v -> v.isEmpty() || v.length() > MAX_ENTRY_LENGTH)) {
            problems.add(new FieldError(field, "each must be 1 to " + MAX_ENTRY_LENGTH + " characters"));
        }
    }
}
