package io.parley.domain.model;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a rule answers: {@code TEXT} uses {@code text}; {@code MEDIA} uses {@code url} and {@code caption};
 * {@code TEMPLATE} uses {@code templateName}, {@code templateLanguage} and {@code templateParameters};
 * {@code HANDOFF} an optional {@code text}; {@code NONE} nothing; {@code BUTTONS}, {@code LIST} and {@code URL} the
 * {@code text} as body and their {@link InteractiveParts} (a {@code URL} reply's address is {@code url}). Texts,
 * captions and template parameters may use {@code {{message.text}}}, {@code {{customer.id}}}, {@code {{rule.name}}}
 * and {@code {{now}}}, as may every text of an interactive reply and a {@code URL} reply's address (where the values
 * are URL-encoded); {@code variants}
 * gives the text per detected language (keys compared ignoring case). {@code FLOW} starts flow {@code flowId}.
 * In a flow's messages every text may also use the flow's variables, {@code {{flow.<name>}}}.
 */
public record RuleReply(ReplyType type, String text, String url, String caption, String templateName,
                        String templateLanguage, List<String> templateParameters, Map<String, String> variants,
                        InteractiveParts interactive, Long flowId) {

    /** WhatsApp's limit for a text message body. */
    public static final int MAX_TEXT_LENGTH = 4096;
    /** WhatsApp's limit for a media caption. */
    public static final int MAX_CAPTION_LENGTH = 1024;
    public static final int MAX_URL_LENGTH = 2048;
    public static final int MAX_TEMPLATE_NAME_LENGTH = 512;
    public static final int MAX_TEMPLATE_LANGUAGE_LENGTH = 32;
    /** More than any approved template has; each parameter is at most a text message long. */
    public static final int MAX_TEMPLATE_PARAMETERS = 100;
    public static final int MAX_VARIANTS = 100;
    public static final int MAX_VARIANT_LANGUAGE_LENGTH = 64;

    /** Fixed, documented pattern (not user input): {{ name }}. */
    private static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*([A-Za-z.]+)\\s*}}");
    private static final List<String> VARIABLES = List.of("message.text", "customer.id", "rule.name", "now",
            "analysis.language", "analysis.intent", "analysis.keyPhrases");
    private static final DateTimeFormatter NOW = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    /** Anything written as a placeholder ({{match.1}}, {{1}}, {{ name }}): each must be one Parley knows. */
    private static final Pattern ANY_PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^{}]*?)\\s*}}");
    /** A flow variable: {{flow.name}}, names as {@link FlowStep#VARIABLE_NAME} allows. */
    static final Pattern FLOW_VARIABLE = Pattern.compile("\\{\\{\\s*flow\\.([A-Za-z0-9_]+)\\s*}}");

    /**
     * What the variables stand for when a reply is rendered.
     *
     * @param flow     the variables of the flow the reply belongs to (empty outside flows)
     * @param analysis what the analysis found in the customer's message ({@code {{analysis.*}}}), or null
     */
    public record Context(String messageText, String customerId, String ruleName, Instant now, ZoneId zone,
                          String language, Map<String, String> flow, MessageAnalysis analysis) {

        public Context {
            flow = flow == null ? Map.of() : flow;
        }

        public Context(String messageText, String customerId, String ruleName, Instant now, ZoneId zone,
                       String language, Map<String, String> flow) {
            this(messageText, customerId, ruleName, now, zone, language, flow, null);
        }

        public Context(String messageText, String customerId, String ruleName, Instant now, ZoneId zone,
                       String language) {
            this(messageText, customerId, ruleName, now, zone, language, Map.of());
        }
    }

    public RuleReply {
        Objects.requireNonNull(type, "type");
        // nulls are kept (not thrown on) so that validation can name them
        templateParameters = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(
                Objects.requireNonNullElse(templateParameters, List.of())));
        Map<String, String> lower = new LinkedHashMap<>();
        if (variants != null) {
            variants.forEach((language, value) -> lower.put(language == null ? ""
                    : language.strip().toLowerCase(Locale.ROOT), value));
        }
        variants = java.util.Collections.unmodifiableMap(lower);
        interactive = Objects.requireNonNullElse(interactive, InteractiveParts.NONE);
    }

    public RuleReply(ReplyType type, String text, String url, String caption, String templateName,
                     String templateLanguage, List<String> templateParameters, Map<String, String> variants,
                     InteractiveParts interactive) {
        this(type, text, url, caption, templateName, templateLanguage, templateParameters, variants, interactive,
                null);
    }

    public RuleReply(ReplyType type, String text, String url, String caption, String templateName,
                     String templateLanguage, List<String> templateParameters, Map<String, String> variants) {
        this(type, text, url, caption, templateName, templateLanguage, templateParameters, variants,
                InteractiveParts.NONE);
    }

    /** A BUTTONS, LIST or URL reply: {@code text} is the body, {@code url} a URL reply's address. */
    public static RuleReply interactive(ReplyType type, String text, String url, InteractiveParts parts) {
        return new RuleReply(type, text, url, null, null, null, List.of(), Map.of(), parts);
    }

    /** A reply that starts flow {@code flowId}. */
    public static RuleReply flow(long flowId) {
        return new RuleReply(ReplyType.FLOW, null, null, null, null, null, List.of(), Map.of(),
                InteractiveParts.NONE, flowId);
    }

    public RuleReply(ReplyType type, String text, String url, String caption, String templateName,
                     String templateLanguage, List<String> templateParameters) {
        this(type, text, url, caption, templateName, templateLanguage, templateParameters, Map.of());
    }

    public static RuleReply text(String text) {
        return new RuleReply(ReplyType.TEXT, text, null, null, null, null, List.of());
    }

    /** The content to send, rendered for {@code context}; empty for NONE, FLOW and for a HANDOFF without text. */
    public Optional<OutboundContent> render(Context context) {
        String chosen = text;
        if (context.language() != null) {
            chosen = variant(context.language()).orElse(text);
        }
        return switch (type) {
            case TEXT -> Optional.of(new OutboundContent.Text(truncate(fill(chosen, context))));
            case MEDIA -> Optional.of(new OutboundContent.Media(url, caption == null ? null : fill(caption, context)));
            case TEMPLATE -> Optional.of(new OutboundContent.Template(templateName, templateLanguage,
                    templateParameters.stream().map(p -> fill(p, context)).toList()));
            case HANDOFF -> chosen == null || chosen.isBlank() ? Optional.empty()
                    : Optional.of(new OutboundContent.Text(truncate(fill(chosen, context))));
            case NONE, FLOW -> Optional.empty();
            case BUTTONS, LIST, URL -> Optional.of(renderInteractive(chosen, context));
        };
    }

    private OutboundContent.Interactive renderInteractive(String body, Context context) {
        InteractiveParts p = interactive;
        OutboundContent.Interactive.Action action = switch (type) {
            case BUTTONS -> new OutboundContent.Interactive.Buttons(p.buttons().stream()
                    .map(b -> option(b, InteractiveParts.MAX_BUTTON_TITLE, context)).toList());
            case LIST -> new OutboundContent.Interactive.Choices(
                    orElse(fillCut(p.buttonText(), InteractiveParts.MAX_LIST_BUTTON_TEXT, context), "Choose"),
                    p.sections().stream().map(s -> new OptionSection(
                            fillCut(s.title(), InteractiveParts.MAX_SECTION_TITLE, context),
                            s.rows().stream().map(r -> option(r, InteractiveParts.MAX_ROW_TITLE, context)).toList()))
                            .toList());
            default -> new OutboundContent.Interactive.Link(
                    orElse(fillCut(p.title(), InteractiveParts.MAX_URL_TITLE, context), "Open"),
                    fillUrl(url.strip(), context));
        };
        return new OutboundContent.Interactive(fillCut(p.header(), InteractiveParts.MAX_HEADER, context),
                orElse(fillCut(body, InteractiveParts.MAX_BODY, context), "\u2026"),
                fillCut(p.footer(), InteractiveParts.MAX_FOOTER, context), action);
    }

    private static InteractiveOption option(InteractiveOption o, int maxTitle, Context context) {
        String id = o.id().strip();
        return new InteractiveOption(id, orElse(fillCut(o.title(), maxTitle, context), id),
                fillCut(o.description(), InteractiveParts.MAX_ROW_DESCRIPTION, context));
    }

    /** The text with its variables filled, cut to WhatsApp's limit (a value may make it longer); null when blank. */
    private static String fillCut(String value, int max, Context context) {
        String filled = InteractiveParts.cut(fill(value, context), max);
        return filled == null || filled.isBlank() ? null : filled;
    }

    private static String orElse(String value, String fallback) {
        return value == null ? fallback : value;
    }

    /** The address with its variables filled, their values URL-encoded. */
    static String fillUrl(String value, Context context) {
        if (!value.contains("{{")) {
            return value;
        }
        value = fillFlow(value, context, true);
        Matcher m = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String filled = fill(m.group(), context);
            String replacement = filled.equals(m.group()) ? filled : percentEncoded(filled);
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** {@code value} as one part of a URL: every byte of its UTF-8 but RFC 3986's unreserved characters as %XX. */
    static String percentEncoded(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** The flow variables in {@code value} filled in (URL-encoded when {@code encoded}); unknown ones are empty. */
    private static String fillFlow(String value, Context context, boolean encoded) {
        if (!value.contains("{{")) {
            return value;
        }
        Matcher m = FLOW_VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String found = Objects.requireNonNullElse(context.flow().get(m.group(1)), "");
            m.appendReplacement(out, Matcher.quoteReplacement(encoded ? percentEncoded(found) : found));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String fill(String value, Context context) {
        if (value == null || !value.contains("{{")) {
            return value;
        }
        value = fillFlow(value, context, false);
        Matcher m = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = switch (m.group(1)) {
                case "message.text" -> Objects.requireNonNullElse(context.messageText(), "");
                case "customer.id" -> Objects.requireNonNullElse(context.customerId(), "");
                case "rule.name" -> Objects.requireNonNullElse(context.ruleName(), "");
                case "now" -> context.now() == null ? "" : NOW.format(context.now().atZone(context.zone()));
                case "analysis.language", "analysis.intent", "analysis.keyPhrases" ->
                        Objects.requireNonNullElse(analysisValue(context.analysis(), m.group(1)), "");
                default -> m.group();
            };
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * What the analysis found, by the name flows and replies use ({@code analysis.language}, {@code .intent},
     * {@code .keyPhrases}, the phrases joined by ", "); null when there is no analysis or it found nothing.
     */
    public static String analysisValue(MessageAnalysis analysis, String name) {
        if (analysis == null) {
            return null;
        }
        return switch (name) {
            case "analysis.language" -> analysis.language();
            case "analysis.intent" -> analysis.intent();
            case "analysis.keyPhrases" -> analysis.keyPhrases().isEmpty() ? null
                    : String.join(", ", analysis.keyPhrases());
            default -> null;
        };
    }

    /** The text for {@code language}: by its name as given, else by what it means ("es" for "Spanish"). */
    private Optional<String> variant(String language) {
        if (variants.isEmpty()) {
            return Optional.empty();
        }
        String exact = variants.get(language.strip().toLowerCase(Locale.ROOT));
        if (exact != null) {
            return Optional.of(exact);
        }
        return variants.entrySet().stream().filter(v -> Languages.same(v.getKey(), language))
                .map(Map.Entry::getValue).findFirst();
    }

    /** The names {@link #analysisValue} knows. */
    public static final List<String> ANALYSIS_VARIABLES = List.of("analysis.language", "analysis.intent",
            "analysis.keyPhrases");

    /** True when a text of this reply uses {@code {{analysis.*}}}. */
    boolean usesAnalysis() {
        return texts().stream().anyMatch(t -> t[1] != null && ANALYSIS_USE.matcher(t[1]).find());
    }

    private static final Pattern ANALYSIS_USE = Pattern.compile("\\{\\{\\s*analysis\\.");

    private static String truncate(String value) {
        return value.length() <= MAX_TEXT_LENGTH ? value : value.substring(0, MAX_TEXT_LENGTH);
    }

    void collectProblems(List<FieldError> problems) {
        collectProblems(problems, false);
    }

    /** @param inFlow true for a flow's message: flow variables are known there, FLOW and HANDOFF replies are not */
    void collectProblems(List<FieldError> problems, boolean inFlow) {
        switch (type) {
            case TEXT -> {
                if (blank(text)) {
                    problems.add(new FieldError("reply.text", "must not be empty for a TEXT reply"));
                } else if (text.length() > MAX_TEXT_LENGTH) {
                    problems.add(new FieldError("reply.text", "must be at most " + MAX_TEXT_LENGTH + " characters"));
                }
            }
            case MEDIA -> {
                if (blank(url)) {
                    problems.add(new FieldError("reply.url", "must not be empty for a MEDIA reply"));
                } else if (!url.startsWith("https://") && !url.startsWith("http://")) {
                    problems.add(new FieldError("reply.url", "must be an http(s) URL WhatsApp can fetch"));
                }
            }
            case TEMPLATE -> {
                if (blank(templateName)) {
                    problems.add(new FieldError("reply.name", "must not be empty for a TEMPLATE reply"));
                }
                if (blank(templateLanguage)) {
                    problems.add(new FieldError("reply.language", "must not be empty for a TEMPLATE reply"));
                }
            }
            case HANDOFF, NONE -> {
                if (text != null && text.length() > MAX_TEXT_LENGTH) {
                    problems.add(new FieldError("reply.text", "must be at most " + MAX_TEXT_LENGTH + " characters"));
                }
            }
            case BUTTONS, LIST, URL -> interactive.collectProblems(type, text, url, problems);
            case FLOW -> {
                if (flowId == null) {
                    problems.add(new FieldError("reply.flowId", "is required for a FLOW reply"));
                }
            }
        }
        if (type != ReplyType.FLOW && flowId != null) {
            problems.add(new FieldError("reply.flowId", "belongs to a FLOW reply, not to " + type));
        }
        if (inFlow && (type == ReplyType.FLOW || type == ReplyType.HANDOFF || type == ReplyType.NONE)) {
            problems.add(new FieldError("reply.type", "a flow's message is TEXT, MEDIA, TEMPLATE, BUTTONS, LIST or "
                    + "URL (a HANDOFF step hands over, an END step ends)"));
        }
        if (!type.interactive() && !interactive.isEmpty()) {
            problems.add(new FieldError("reply.type", "header, footer, buttons, sections, buttonText and title "
                    + "belong to BUTTONS, LIST and URL replies, not to " + type));
        }
        atMost(url, MAX_URL_LENGTH, "reply.url", problems);
        atMost(caption, MAX_CAPTION_LENGTH, "reply.caption", problems);
        atMost(templateName, MAX_TEMPLATE_NAME_LENGTH, "reply.name", problems);
        atMost(templateLanguage, MAX_TEMPLATE_LANGUAGE_LENGTH, "reply.language", problems);
        if (templateParameters.size() > MAX_TEMPLATE_PARAMETERS) {
            problems.add(new FieldError("reply.parameters", "must be at most " + MAX_TEMPLATE_PARAMETERS
                    + " parameters"));
        } else {
            for (int i = 0; i < templateParameters.size(); i++) {
                String parameter = templateParameters.get(i);
                if (parameter == null) {
                    problems.add(new FieldError("reply.parameters[" + i + "]", "must not be null"));
                } else {
                    atMost(parameter, MAX_TEXT_LENGTH, "reply.parameters[" + i + "]", problems);
                }
            }
        }
        if (variants.size() > MAX_VARIANTS) {
            problems.add(new FieldError("reply.variants", "must be at most " + MAX_VARIANTS + " languages"));
        }
        variants.forEach((language, value) -> {
            if (language.isEmpty() || language.length() > MAX_VARIANT_LANGUAGE_LENGTH) {
                problems.add(new FieldError("reply.variants", "a language must be 1 to "
                        + MAX_VARIANT_LANGUAGE_LENGTH + " characters"));
            } else if (blank(value)) {
                problems.add(new FieldError("reply.variants." + language, "must not be empty"));
            } else if (value.length() > MAX_TEXT_LENGTH) {
                problems.add(new FieldError("reply.variants." + language, "must be at most " + MAX_TEXT_LENGTH
                        + " characters"));
            } else if (type.interactive() && InteractiveParts.length(value) > InteractiveParts.MAX_BODY) {
                problems.add(new FieldError("reply.variants." + language, "must be at most "
                        + InteractiveParts.MAX_BODY + " characters (the body of an interactive message)"));
            }
        });
        for (String[] part : texts()) {
            // template parameters were not checked before flows; stored rules must keep loading
            if (inFlow || !part[0].startsWith("reply.parameters")) {
                checkVariables(part[1], part[0], problems, inFlow);
            }
        }
    }

    /**
     * Every placeholder of this reply's texts (template parameters included) that Parley does not fill in, such as
     * {@code {{match.1}}} or {@code {{1}}}: it would reach the customer as written. Checked when a rule is saved, not
     * when a stored one is read (rules stored before this check must keep loading).
     */
    public List<FieldError> unknownPlaceholders(String fieldPrefix) {
        List<FieldError> problems = new java.util.ArrayList<>();
        for (String[] part : texts()) {
            if (part[1] == null || !part[1].contains("{{")) {
                continue;
            }
            Matcher m = ANY_PLACEHOLDER.matcher(part[1]);
            while (m.find()) {
                if (!VARIABLES.contains(m.group(1))) {
                    problems.add(new FieldError(fieldPrefix + part[0], "unknown variable " + m.group()
                            + " (it would reach the customer as written); known: " + VARIABLES.stream()
                            .map(v -> "{{" + v + "}}").collect(java.util.stream.Collectors.joining(", "))));
                }
            }
        }
        return problems;
    }

    /** Every text of this reply that may hold variables, each as {field, text}. */
    List<String[]> texts() {
        List<String[]> all = new java.util.ArrayList<>();
        all.add(new String[] {"reply.text", text});
        all.add(new String[] {"reply.caption", caption});
        variants.forEach((language, value) -> all.add(new String[] {"reply.variants." + language, value}));
        all.addAll(interactive.texts());
        if (type == ReplyType.URL) {
            all.add(new String[] {"reply.url", url});
        }
        for (int i = 0; i < templateParameters.size(); i++) {
            all.add(new String[] {"reply.parameters[" + i + "]", templateParameters.get(i)});
        }
        return all;
    }

    private static void checkVariables(String value, String field, List<FieldError> problems, boolean inFlow) {
        if (value == null) {
            return;
        }
        Matcher m = VARIABLE.matcher(value);
        while (m.find()) {
            if (inFlow && m.group(1).startsWith("flow.")) {
                continue;
            }
            if (!VARIABLES.contains(m.group(1))) {
                problems.add(new FieldError(field, "unknown variable " + m.group() + "; known: " + VARIABLES));
            }
        }
    }

    private static void atMost(String value, int max, String field, List<FieldError> problems) {
        if (value != null && value.length() > max) {
            problems.add(new FieldError(field, "must be at most " + max + " characters"));
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
