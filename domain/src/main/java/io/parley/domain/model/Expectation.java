package io.parley.domain.model;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.Month;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an {@code ASK} step accepts as an answer, and the value it saves from it.
 *
 * @param pattern a REGEX expectation's pattern (RE2, found anywhere in the answer; the first group is saved, else
 *                the match)
 * @param choices a CHOICE expectation's option ids, each with the step it leads to
 */
public record Expectation(Type type, String pattern, Map<String, String> choices) {

    public enum Type {
        TEXT, NUMBER, EMAIL, PHONE, DATE, REGEX, CHOICE
    }

    public static final int MAX_CHOICES = 10;
    public static final int MAX_PATTERN_LENGTH = 1000;
    /** A saved answer is cut to this many characters, so that a session stays small. */
    public static final int MAX_VALUE_LENGTH = 1000;

    public static final Expectation TEXT = new Expectation(Type.TEXT, null, Map.of());

    // fixed, documented patterns (not user input), so the JDK's engine is safe here
    private static final Pattern NUMBER = Pattern.compile("[-+]?\\d[\\d,.]*");
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*"
            + "\\.[A-Za-z]{2,}");
    private static final Pattern PHONE = Pattern.compile("\\+?\\d[\\d ().-]{5,}\\d");
    private static final Pattern ISO_DATE = Pattern.compile("(\\d{4})-(\\d{1,2})-(\\d{1,2})");
    private static final Pattern DAY_FIRST = Pattern.compile("(\\d{1,2})[./](\\d{1,2})[./](\\d{4})");
    private static final Pattern DAY_MONTH_NAME = Pattern.compile("(\\d{1,2})(?:st|nd|rd|th)?\\.? ([A-Za-z]{3,9})"
            + ",? (\\d{4})");
    private static final Pattern MONTH_NAME_DAY = Pattern.compile("([A-Za-z]{3,9}) (\\d{1,2})(?:st|nd|rd|th)?,? "
            + "(\\d{4})");

    public Expectation {
        if (type == null) {
            type = Type.TEXT;
        }
        choices = choices == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(choices));
    }

    public static Expectation choice(Map<String, String> choices) {
        return new Expectation(Type.CHOICE, null, choices);
    }

    public static Expectation regex(String pattern) {
        return new Expectation(Type.REGEX, pattern, Map.of());
    }

    public static Expectation of(Type type) {
        return new Expectation(type, null, Map.of());
    }

    /**
     * The value {@code text} (or the option {@code optionId} picked by a tap or a typed title) gives, or empty when
     * it is not an answer of this kind.
     *
     * @param compiled the compiled pattern of a REGEX expectation
     */
    public Optional<String> accept(String text, String optionId, TextPatterns.TextPattern compiled) {
        if (type == Type.CHOICE) {
            if (optionId != null && choices.containsKey(optionId)) {
                return Optional.of(optionId);
            }
            if (text != null) {
                String typed = Offer.comparable(text);
                for (String id : choices.keySet()) {
                    if (!typed.isEmpty() && typed.equals(Offer.comparable(id))) {
                        return Optional.of(id);
                    }
                }
            }
            return Optional.empty();
        }
        if (optionId != null) {
            // an option of the question's buttons or list answers any kind of question: its id is the value
            return Optional.of(optionId);
        }
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String answer = text.strip();
        return switch (type) {
            case TEXT -> Optional.of(cut(answer));
            case NUMBER -> number(answer);
            case EMAIL -> find(EMAIL, answer);
            case PHONE -> phone(answer);
            case DATE -> date(answer);
            case REGEX -> compiled == null ? Optional.empty()
                    : Optional.ofNullable(compiled.extract(answer)).map(Expectation::cut);
            case CHOICE -> Optional.empty();
        };
    }

    /** What the customer is asked for, in words, for a tester's explanation. */
    public String describe() {
        return switch (type) {
            case TEXT -> "any text";
            case NUMBER -> "a number";
            case EMAIL -> "an email address";
            case PHONE -> "a phone number";
            case DATE -> "a date";
            case REGEX -> "text matching " + pattern;
            case CHOICE -> "one of " + String.join(", ", choices.keySet());
        };
    }

    void collectProblems(String field, List<FieldError> problems) {
        switch (type) {
            case REGEX -> {
                if (pattern == null || pattern.isBlank()) {
                    problems.add(new FieldError(field + ".pattern", "is required for a REGEX answer"));
                } else if (pattern.length() > MAX_PATTERN_LENGTH) {
                    problems.add(new FieldError(field + ".pattern", "must be at most " + MAX_PATTERN_LENGTH
                            + " characters"));
                }
            }
            case CHOICE -> {
                if (choices.isEmpty()) {
                    problems.add(new FieldError(field + ".choices", "must name at least one option and the step "
                            + "it leads to"));
                } else if (choices.size() > MAX_CHOICES) {
                    problems.add(new FieldError(field + ".choices", "must be at most " + MAX_CHOICES + " options"));
                }
            }
            default -> {
                if (pattern != null && !pattern.isBlank()) {
                    problems.add(new FieldError(field + ".pattern", "belongs to a REGEX answer, not to " + type));
                }
            }
        }
        if (type != Type.CHOICE && !choices.isEmpty()) {
            problems.add(new FieldError(field + ".choices", "belong to a CHOICE answer, not to " + type));
        }
    }

    private static String cut(String value) {
        return value.length() <= MAX_VALUE_LENGTH ? value : value.substring(0, MAX_VALUE_LENGTH);
    }

    private static Optional<String> find(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? Optional.of(m.group()) : Optional.empty();
    }

    /**
     * The first number in the answer, as written but without grouping: {@code 1,234.5} and {@code 1.234,5} are
     * {@code 1234.5}, {@code 3,5} is {@code 3.5}, {@code 1,234} is {@code 1234}.
     */
    static Optional<String> number(String text) {
        Matcher m = NUMBER.matcher(text);
        if (!m.find()) {
            return Optional.empty();
        }
        String token = m.group().replaceAll("[,.]+$", "");
        String sign = token.startsWith("-") || token.startsWith("+") ? token.substring(0, 1) : "";
        String digits = sign.isEmpty() ? token : token.substring(1);
        int lastComma = digits.lastIndexOf(',');
        int lastDot = digits.lastIndexOf('.');
        String whole;
        String fraction = null;
        if (lastComma >= 0 && lastDot >= 0) {
            int decimal = Math.max(lastComma, lastDot);
            whole = digits.substring(0, decimal).replaceAll("[,.]", "");
            fraction = digits.substring(decimal + 1);
        } else if (lastComma >= 0 || lastDot >= 0) {
            char separator = lastComma >= 0 ? ',' : '.';
            int at = Math.max(lastComma, lastDot);
            boolean once = digits.indexOf(separator) == at;
            boolean grouping = !once || digits.length() - at - 1 == 3 && separator == ',';
            if (grouping) {
                whole = digits.replace(String.valueOf(separator), "");
            } else {
                whole = digits.substring(0, at);
                fraction = digits.substring(at + 1);
            }
        } else {
            whole = digits;
        }
        if (whole.isEmpty() || !whole.chars().allMatch(Character::isDigit)
                || fraction != null && (fraction.isEmpty() || !fraction.chars().allMatch(Character::isDigit))) {
            return Optional.empty();
        }
        String value = sign.equals("-") ? "-" : "";
        return Optional.of(value + whole + (fraction == null ? "" : "." + fraction));
    }

    /** 7 to 15 digits (E.164's limit), saved as digits with the leading {@code +} kept when written. */
    static Optional<String> phone(String text) {
        Matcher m = PHONE.matcher(text);
        while (m.find()) {
            String digits = m.group().replaceAll("\\D", "");
            if (digits.length() >= 7 && digits.length() <= 15) {
                return Optional.of((m.group().startsWith("+") ? "+" : "") + digits);
            }
        }
        return Optional.empty();
    }

    /**
     * A date written as {@code 2026-12-24}, {@code 24.12.2026} or {@code 24/12/2026} (day first),
     * {@code 24 December 2026} or {@code December 24, 2026}; saved as {@code yyyy-MM-dd}.
     */
    static Optional<String> date(String text) {
        Matcher m = ISO_DATE.matcher(text);
        if (m.find()) {
            return date(m.group(1), m.group(2), m.group(3));
        }
        m = DAY_FIRST.matcher(text);
        if (m.find()) {
            return date(m.group(3), m.group(2), m.group(1));
        }
        m = DAY_MONTH_NAME.matcher(text);
        if (m.find() && month(m.group(2)) > 0) {
            return date(m.group(3), String.valueOf(month(m.group(2))), m.group(1));
        }
        m = MONTH_NAME_DAY.matcher(text);
        if (m.find() && month(m.group(1)) > 0) {
            return date(m.group(3), String.valueOf(month(m.group(1))), m.group(2));
        }
        return Optional.empty();
    }

    private static Optional<String> date(String year, String month, String day) {
        try {
            return Optional.of(LocalDate.of(Integer.parseInt(year), Integer.parseInt(month),
                    Integer.parseInt(day)).toString());
        } catch (DateTimeException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** An English month name or its first three letters, 1 to 12; 0 when it is none. */
    private static int month(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (Month month : Month.values()) {
            String full = month.name().toLowerCase(Locale.ROOT);
            if (full.equals(lower) || lower.length() == 3 && full.startsWith(lower)
                    || lower.equals("sept") && month == Month.SEPTEMBER) {
                return month.getValue();
            }
        }
        return 0;
    }
}
