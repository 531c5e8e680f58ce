package io.parley.domain.model;

import java.util.List;
import java.util.Objects;

/**
 * What a rule answers: {@code TEXT} uses {@code text}; {@code MEDIA} uses {@code url} and {@code caption};
 * {@code TEMPLATE} uses {@code templateName}, {@code templateLanguage} and {@code templateParameters}.
 */
public record RuleReply(ReplyType type, String text, String url, String caption, String templateName,
                        String templateLanguage, List<String> templateParameters) {

    /** WhatsApp's limit for a text message body. */
    public static final int MAX_TEXT_LENGTH = 4096;

    public RuleReply {
        Objects.requireNonNull(type, "type");
        templateParameters = List.copyOf(Objects.requireNonNullElse(templateParameters, List.of()));
    }

    public static RuleReply text(String text) {
        return new RuleReply(ReplyType.TEXT, text, null, null, null, null, List.of());
    }

    /** The content to send. Only valid for a reply that passed validation. */
    public OutboundContent toContent() {
        return switch (type) {
            case TEXT -> new OutboundContent.Text(text);
            case MEDIA -> new OutboundContent.Media(url, caption);
            case TEMPLATE -> new OutboundContent.Template(templateName, templateLanguage, templateParameters);
            case HANDOFF -> throw new IllegalStateException("HANDOFF has no content yet");
        };
    }

    void collectProblems(List<FieldError> problems) {
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
            case HANDOFF -> problems.add(
                    new FieldError("reply.type", "HANDOFF replies are not supported by this version of Parley"));
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
