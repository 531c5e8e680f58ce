package io.parley.domain.model;

import java.util.Locale;

/**
 * What a customer's WhatsApp message carries, as ACS Advanced Messaging reports it. Exactly which parts are present
 * depends on {@link #kind()}: a text has {@code text}, an image or document has {@code media}, a template quick-reply
 * has {@code button}, an interactive reply has {@code interactive}, a reaction has {@code reaction}. Any message may
 * carry {@code context} (it answers an earlier message) and {@code error} (WhatsApp could not deliver its content,
 * for example an unsupported message type).
 *
 * @param kind             the message type in lower case: text, image, document, video, audio, sticker, button,
 *                         interactive, reaction, or whatever else the channel reports
 * @param channelMessageId the channel's id of this message (data.messageId), may be null
 */
public record InboundContent(String kind, String text, Media media, ReplyContext context, Button button,
                             Interactive interactive, Reaction reaction, ChannelError error,
                             String channelMessageId) {

    /** Media the customer sent; the bytes are fetched separately by {@code id}. */
    public record Media(String id, String mimeType, String fileName, String caption, Boolean animated) {
    }

    /** The message this one replies to. */
    public record ReplyContext(String messageId, String from) {
    }

    /** A template quick-reply button the customer pressed. */
    public record Button(String text, String payload) {
    }

    /** A reply to an interactive message: {@code type} is buttonReply, listReply or unknown. */
    public record Interactive(String type, String id, String title, String description) {
    }

    public record Reaction(String messageId, String emoji) {
    }

    /** An error the channel reported with the message. */
    public record ChannelError(String code, String message) {
    }

    public InboundContent {
        kind = kind == null || kind.isBlank() ? inferKind(text, media, button, interactive, reaction)
                : kind.strip().toLowerCase(Locale.ROOT);
    }

    /** A plain text message. */
    public static InboundContent text(String text) {
        return new InboundContent("text", text, null, null, null, null, null, null, null);
    }

    private static String inferKind(String text, Media media, Button button, Interactive interactive,
                                    Reaction reaction) {
        if (reaction != null) {
            return "reaction";
        }
        if (interactive != null) {
            return "interactive";
        }
        if (button != null) {
            return "button";
        }
        if (media != null) {
            String mime = media.mimeType() == null ? "" : media.mimeType().toLowerCase(Locale.ROOT);
            for (String prefix : new String[] {"image", "video", "audio"}) {
                if (mime.startsWith(prefix + "/")) {
                    return prefix;
                }
            }
            return "document";
        }
        return text != null ? "text" : "unknown";
    }

    /** What the customer "said", as WhatsApp shows it: the text, a caption, a button's label, a reaction's emoji. */
    public String displayText() {
        if (text != null && !text.isEmpty()) {
            return text;
        }
        if (media != null && media.caption() != null && !media.caption().isEmpty()) {
            return media.caption();
        }
        if (button != null && button.text() != null) {
            return button.text();
        }
        if (interactive != null && interactive.title() != null) {
            return interactive.title();
        }
        if (reaction != null) {
            return reaction.emoji();
        }
        return null;
    }

    /** Reactions are acknowledgements, not requests: the bot does not answer them. */
    public boolean expectsAnswer() {
        return !"reaction".equals(kind);
    }

    /** What the rules look at. */
    public RuleInput toRuleInput(boolean firstMessage) {
        String buttonPayload = button != null ? button.payload()
                : interactive != null && "buttonReply".equalsIgnoreCase(interactive.type()) ? interactive.id() : null;
        String listReplyId = interactive != null && "listReply".equalsIgnoreCase(interactive.type())
                ? interactive.id() : null;
        return new RuleInput(displayText(), firstMessage, buttonPayload, listReplyId,
                media == null ? null : media.mimeType());
    }
}
