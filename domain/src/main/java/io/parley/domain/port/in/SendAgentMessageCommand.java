package io.parley.domain.port.in;

import io.parley.domain.model.OutboundContent;
import java.util.Objects;
import java.util.UUID;

/**
 * A person writes to a customer.
 *
 * @param content  what to send (text, media or template)
 * @param template what to send instead when {@code content} is free-form and the customer service window is
 *                 closed; may be null
 * @param agent    the username of the person who writes (shown with the message, and in the audit log)
 */
public record SendAgentMessageCommand(UUID conversationId, OutboundContent content,
                                      OutboundContent.Template template, String agent) {

    public SendAgentMessageCommand(UUID conversationId, OutboundContent content, OutboundContent.Template template) {
        this(conversationId, content, template, null);
    }

    public SendAgentMessageCommand {
        Objects.requireNonNull(conversationId, "conversationId");
        if (content == null && template == null) {
            throw new IllegalArgumentException("a message needs text, media or a template");
        }
    }
}
