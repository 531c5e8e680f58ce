package io.parley.domain.model;

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
}
