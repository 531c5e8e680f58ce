package io.parley.domain.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What an outbound WhatsApp message carries. */
public sealed interface OutboundContent {

    /** A readable summary of the content, for the conversation view. */
    String summary();

    record Text(String text) implements OutboundContent {
        public Text {
            Conversation.requireText(text, "text");
        }

        @Override
        public String summary() {
            return text;
        }
    }

    record Media(String url, String caption) implements OutboundContent {
        public Media {
            Conversation.requireText(url, "url");
        }

        @Override
        public String summary() {
            return caption == null || caption.isBlank() ? url : caption;
        }
    }

    record Template(String name, String language, List<String> parameters) implements OutboundContent {
        public Template {
            Conversation.requireText(name, "name");
            Conversation.requireText(language, "language");
            parameters = List.copyOf(Objects.requireNonNullElse(parameters, List.of()));
        }

        @Override
        public String summary() {
            return "[template " + name + "/" + language + "]" + (parameters.isEmpty() ? "" : " " + parameters);
        }
    }

    /**
     * A WhatsApp interactive message: reply buttons, a list, or a link button, with an optional header and footer.
     * Sent as such where the channel takes interactive messages; elsewhere as {@link #asText()}.
     */
    record Interactive(String header, String body, String footer, Action action) implements OutboundContent {

        /** What the customer can do with the message. */
        public sealed interface Action permits Buttons, Choices, Link {
        }

        /** 1 to 3 reply buttons. */
        public record Buttons(List<InteractiveOption> buttons) implements Action {
            public Buttons {
                buttons = List.copyOf(buttons);
            }
        }

        /** A list that opens with {@code buttonText}, its rows in sections. */
        public record Choices(String buttonText, List<OptionSection> sections) implements Action {
            public Choices {
                Conversation.requireText(buttonText, "buttonText");
                sections = List.copyOf(sections);
            }
        }

        /** A button that opens {@code url}. */
        public record Link(String title, String url) implements Action {
            public Link {
                Conversation.requireText(title, "title");
                Conversation.requireText(url, "url");
            }
        }

        public Interactive {
            Conversation.requireText(body, "body");
            Objects.requireNonNull(action, "action");
            header = header == null || header.isBlank() ? null : header;
            footer = footer == null || footer.isBlank() ? null : footer;
        }

        /** The options the customer can pick, in the order shown (every row of every section); none for a link. */
        public List<InteractiveOption> options() {
            if (action instanceof Buttons b) {
                return b.buttons();
            }
            if (action instanceof Choices c) {
                List<InteractiveOption> rows = new ArrayList<>();
                c.sections().forEach(section -> rows.addAll(section.rows()));
                return rows;
            }
            return List.of();
        }

        /** BUTTONS, LIST or URL. */
        public ReplyType type() {
            return action instanceof Buttons ? ReplyType.BUTTONS : action instanceof Choices ? ReplyType.LIST
                    : ReplyType.URL;
        }

        @Override
        public String summary() {
            return body;
        }

        /**
         * The same message as plain text, for channels without interactive messages: the header in bold, the body,
         * one numbered line per option (a list's section titles in bold above their rows, a row's description after
         * a dash) or the link, and the footer in italics.
         */
        public Text asText() {
            StringBuilder out = new StringBuilder();
            if (header != null) {
                out.append('*').append(header.strip()).append("*\n");
            }
            out.append(body.strip()).append("\n");
            if (action instanceof Buttons b) {
                out.append('\n');
                for (int i = 0; i < b.buttons().size(); i++) {
                    out.append(i + 1).append(". ").append(b.buttons().get(i).title()).append('\n');
                }
            } else if (action instanceof Choices c) {
                int number = 1;
                for (OptionSection section : c.sections()) {
                    out.append('\n');
                    if (section.title() != null && !section.title().isBlank() && c.sections().size() > 1) {
                        out.append('*').append(section.title().strip()).append("*\n");
                    }
                    for (InteractiveOption row : section.rows()) {
                        out.append(number++).append(". ").append(row.title());
                        if (row.description() != null && !row.description().isBlank()) {
                            out.append(" \u2014 ").append(row.description());
                        }
                        out.append('\n');
                    }
                }
            } else {
                Link link = (Link) action;
                out.append('\n').append(link.title()).append(": ").append(link.url()).append('\n');
            }
            if (footer != null) {
                out.append("\n_").append(footer.strip()).append('_');
            }
            String text = out.toString().stripTrailing();
            return new Text(text.length() <= RuleReply.MAX_TEXT_LENGTH ? text
                    : text.substring(0, RuleReply.MAX_TEXT_LENGTH));
        }
    }
}
