package io.parley.domain.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What an interactive reply has beside its body text: an optional {@code header} and {@code footer}; the
 * {@code buttons} of a {@code BUTTONS} reply; the {@code buttonText} (the label that opens the list) and
 * {@code sections} of a {@code LIST} reply; the button {@code title} of a {@code URL} reply (whose address is the
 * reply's {@code url}). The limits are WhatsApp's: a message past one of them is refused by WhatsApp, so a rule past
 * one is refused when it is saved, naming the field.
 */
public record InteractiveParts(String header, String footer, List<InteractiveOption> buttons, String buttonText,
                               List<OptionSection> sections, String title) {

    public static final InteractiveParts NONE = new InteractiveParts(null, null, List.of(), null, List.of(), null);

    public static final int MAX_BODY = 1024;
    public static final int MAX_HEADER = 60;
    public static final int MAX_FOOTER = 60;
    public static final int MAX_BUTTONS = 3;
    public static final int MAX_BUTTON_ID = 256;
    public static final int MAX_BUTTON_TITLE = 20;
    public static final int MAX_SECTIONS = 10;
    public static final int MAX_ROWS = 10;
    public static final int MAX_ROW_ID = 200;
    public static final int MAX_ROW_TITLE = 24;
    public static final int MAX_ROW_DESCRIPTION = 72;
    public static final int MAX_SECTION_TITLE = 24;
    public static final int MAX_LIST_BUTTON_TEXT = 20;
    public static final int MAX_URL_TITLE = 20;

    public InteractiveParts {
        // nulls inside are kept (not thrown on) so that validation can name them
        buttons = buttons == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(buttons));
        sections = sections == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(sections));
    }

    public static InteractiveParts buttons(List<InteractiveOption> buttons) {
        return new InteractiveParts(null, null, buttons, null, List.of(), null);
    }

    public static InteractiveParts list(String buttonText, List<OptionSection> sections) {
        return new InteractiveParts(null, null, List.of(), buttonText, sections, null);
    }

    public static InteractiveParts link(String title) {
        return new InteractiveParts(null, null, List.of(), null, List.of(), title);
    }

    public InteractiveParts withHeaderAndFooter(String newHeader, String newFooter) {
        return new InteractiveParts(newHeader, newFooter, buttons, buttonText, sections, title);
    }

    public boolean isEmpty() {
        return header == null && footer == null && buttons.isEmpty() && buttonText == null && sections.isEmpty()
                && title == null;
    }

    /** Every text a variable may be used in, with the field it comes from. */
    List<String[]> texts() {
        List<String[]> all = new ArrayList<>();
        all.add(new String[] {"reply.header", header});
        all.add(new String[] {"reply.footer", footer});
        all.add(new String[] {"reply.buttonText", buttonText});
        all.add(new String[] {"reply.title", title});
        for (int i = 0; i < buttons.size(); i++) {
            InteractiveOption b = buttons.get(i);
            if (b != null) {
                all.add(new String[] {"reply.buttons[" + i + "].title", b.title()});
            }
        }
        for (int s = 0; s < sections.size(); s++) {
            OptionSection section = sections.get(s);
            if (section == null) {
                continue;
            }
            all.add(new String[] {"reply.sections[" + s + "].title", section.title()});
            for (int r = 0; r < section.rows().size(); r++) {
                InteractiveOption row = section.rows().get(r);
                if (row != null) {
                    String at = "reply.sections[" + s + "].rows[" + r + "]";
                    all.add(new String[] {at + ".title", row.title()});
                    all.add(new String[] {at + ".description", row.description()});
                }
            }
        }
        return all;
    }

    /** The problems of these parts for a reply of {@code type} whose body is {@code text} and link {@code url}. */
    void collectProblems(ReplyType type, String text, String url, List<FieldError> problems) {
        if (blank(text)) {
            problems.add(new FieldError("reply.text", "must not be empty for a " + type + " reply (the message body)"));
        } else {
            atMost(text, MAX_BODY, "reply.text", problems);
        }
        atMost(header, MAX_HEADER, "reply.header", problems);
        atMost(footer, MAX_FOOTER, "reply.footer", problems);
        switch (type) {
            case BUTTONS -> buttonProblems(problems);
            case LIST -> listProblems(problems);
            case URL -> {
                if (blank(title)) {
                    problems.add(new FieldError("reply.title", "must not be empty: the label of the link's button"));
                } else {
                    atMost(title, MAX_URL_TITLE, "reply.title", problems);
                }
                if (blank(url)) {
                    problems.add(new FieldError("reply.url", "must not be empty for a URL reply"));
                } else if (!url.strip().startsWith("https://")) {
                    problems.add(new FieldError("reply.url", "must start with https://"));
                }
            }
            default -> throw new IllegalArgumentException(type + " is not an interactive reply");
        }
        if (type != ReplyType.BUTTONS && !buttons.isEmpty()) {
            problems.add(new FieldError("reply.buttons", "only a BUTTONS reply has buttons"));
        }
        if (type != ReplyType.LIST && (!sections.isEmpty() || buttonText != null)) {
            problems.add(new FieldError(sections.isEmpty() ? "reply.buttonText" : "reply.sections",
                    "only a LIST reply has sections and a button text"));
        }
        if (type != ReplyType.URL && title != null) {
            problems.add(new FieldError("reply.title", "only a URL reply has a link title"));
        }
    }

    private void buttonProblems(List<FieldError> problems) {
        if (buttons.isEmpty()) {
            problems.add(new FieldError("reply.buttons", "needs 1 to " + MAX_BUTTONS + " buttons"));
            return;
        }
        if (buttons.size() > MAX_BUTTONS) {
            problems.add(new FieldError("reply.buttons[" + MAX_BUTTONS + "]", "WhatsApp shows at most " + MAX_BUTTONS
                    + " buttons; use a LIST reply for up to " + MAX_ROWS + " choices"));
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < buttons.size(); i++) {
            String at = "reply.buttons[" + i + "]";
            InteractiveOption b = buttons.get(i);
            if (b == null) {
                problems.add(new FieldError(at, "must not be null"));
                continue;
            }
            optionProblems(b, at, MAX_BUTTON_ID, MAX_BUTTON_TITLE, ids, "button", problems);
            if (b.description() != null) {
                problems.add(new FieldError(at + ".description", "a button has no description (a list row has)"));
            }
        }
    }

    private void listProblems(List<FieldError> problems) {
        if (blank(buttonText)) {
            problems.add(new FieldError("reply.buttonText", "must not be empty: the label that opens the list"));
        } else {
            atMost(buttonText, MAX_LIST_BUTTON_TEXT, "reply.buttonText", problems);
        }
        if (sections.isEmpty()) {
            problems.add(new FieldError("reply.sections", "needs 1 to " + MAX_SECTIONS + " sections"));
            return;
        }
        if (sections.size() > MAX_SECTIONS) {
            problems.add(new FieldError("reply.sections[" + MAX_SECTIONS + "]", "WhatsApp shows at most "
                    + MAX_SECTIONS + " sections"));
        }
        Set<String> ids = new HashSet<>();
        int rows = 0;
        for (int s = 0; s < sections.size(); s++) {
            String at = "reply.sections[" + s + "]";
            OptionSection section = sections.get(s);
            if (section == null) {
                problems.add(new FieldError(at, "must not be null"));
                continue;
            }
            if (blank(section.title())) {
                if (sections.size() > 1) {
                    problems.add(new FieldError(at + ".title", "must not be empty when the list has several sections"));
                }
            } else {
                atMost(section.title(), MAX_SECTION_TITLE, at + ".title", problems);
            }
            if (section.rows().isEmpty()) {
                problems.add(new FieldError(at + ".rows", "needs at least one row"));
            }
            for (int r = 0; r < section.rows().size(); r++) {
                String rowAt = at + ".rows[" + r + "]";
                InteractiveOption row = section.rows().get(r);
                rows++;
                if (rows == MAX_ROWS + 1) {
                    problems.add(new FieldError(rowAt, "WhatsApp shows at most " + MAX_ROWS
                            + " rows in all sections together"));
                }
                if (row == null) {
                    problems.add(new FieldError(rowAt, "must not be null"));
                    continue;
                }
                optionProblems(row, rowAt, MAX_ROW_ID, MAX_ROW_TITLE, ids, "row", problems);
                atMost(row.description(), MAX_ROW_DESCRIPTION, rowAt + ".description", problems);
            }
        }
    }

    private static void optionProblems(InteractiveOption option, String at, int maxId, int maxTitle, Set<String> ids,
                                       String what, List<FieldError> problems) {
        if (blank(option.id())) {
            problems.add(new FieldError(at + ".id", "must not be empty: it is what a " + what.replace("row",
                    "LIST").replace("button", "BUTTON") + " rule matches"));
        } else if (length(option.id()) > maxId) {
            problems.add(new FieldError(at + ".id", "must be at most " + maxId + " characters"));
        } else if (!ids.add(option.id().strip())) {
            problems.add(new FieldError(at + ".id", "'" + option.id().strip() + "' is already the id of another "
                    + what + "; ids must be unique"));
        }
        if (blank(option.title())) {
            problems.add(new FieldError(at + ".title", "must not be empty"));
        } else {
            atMost(option.title(), maxTitle, at + ".title", problems);
        }
    }

    private static void atMost(String value, int max, String field, List<FieldError> problems) {
        if (value != null && length(value) > max) {
            problems.add(new FieldError(field, "must be at most " + max + " characters (" + length(value)
                    + " given)"));
        }
    }

    /** Characters as a person counts them (an emoji is one), as the console's counters count them. */
    static int length(String value) {
        return value.codePointCount(0, value.length());
    }

    /** {@code value} cut to at most {@code max} characters, never inside a character. */
    static String cut(String value, int max) {
        if (value == null || length(value) <= max) {
            return value;
        }
        return value.substring(0, value.offsetByCodePoints(0, max));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
