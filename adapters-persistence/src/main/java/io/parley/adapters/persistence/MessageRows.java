package io.parley.adapters.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;

/** {@code message} rows written and read with plain JDBC, for the batches of the hot paths. */
final class MessageRows {

    /** Every column of a message, for inserting new ones. */
    static final SetRows<MessageEntity> ALL = SetRows.<MessageEntity>columns()
            .uuid("id", MessageEntity::id)
            .uuid("conversation_id", MessageEntity::conversationId)
            .text("direction", MessageEntity::direction)
            .text("event_id", MessageEntity::eventId)
            .text("text", MessageEntity::text)
            .instant("received_at", MessageEntity::receivedAt)
            .instant("created_at", MessageEntity::createdAt)
            .text("channel_id", MessageEntity::channelId)
            .text("recipient_id", MessageEntity::recipientId)
            .uuid("in_reply_to", MessageEntity::inReplyTo)
            .bigint("rule_id", MessageEntity::ruleId)
            .text("content_type", MessageEntity::contentType)
            .text("media_url", MessageEntity::mediaUrl)
            .text("template_name", MessageEntity::templateName)
            .text("template_language", MessageEntity::templateLanguage)
            .text("template_parameters", MessageEntity::templateParameters)
            .text("status", MessageEntity::status)
            .text("acs_message_id", MessageEntity::acsMessageId)
            .text("error_code", e -> Rows.truncate(e.errorCode(), 255))
            .text("error_message", e -> Rows.truncate(e.errorMessage(), 4000))
            .integer("attempts", MessageEntity::attempts)
            .instant("next_attempt_at", MessageEntity::nextAttemptAt)
            .instant("first_attempt_at", MessageEntity::firstAttemptAt)
            .instant("status_updated_at", MessageEntity::statusUpdatedAt)
            .text("kind", MessageEntity::kind)
            .text("channel_message_id", MessageEntity::channelMessageId)
            .text("details", MessageEntity::details)
            .text("origin", MessageEntity::origin)
            .uuid("replaces", MessageEntity::replaces)
            .instant("window_started_at", MessageEntity::windowStartedAt)
            .bool("outcome_uncertain", MessageEntity::outcomeUncertain)
            .text("answer_hold", MessageEntity::answerHold)
            .text("sent_by", MessageEntity::sentBy)
            .text("answer", MessageEntity::answer)
            .build();

    static final String INSERT = ALL.insertInto("message");

    /** The key and every field of an outbound message that changes after it was queued. */
    static final SetRows<MessageEntity> OUTBOUND_CHANGES = ALL.only("id", "status", "acs_message_id", "error_code",
            "error_message", "attempts", "next_attempt_at", "first_attempt_at", "status_updated_at",
            "window_started_at", "outcome_uncertain", "origin", "content_type", "text", "media_url", "template_name",
            "template_language", "template_parameters", "details");

    static final String UPDATE_OUTBOUND = OUTBOUND_CHANGES.update("message", "id", "t.direction = 'OUTBOUND'");

    private MessageRows() {
    }

    static MessageEntity read(ResultSet r) throws SQLException {
        return new MessageEntity(Rows.uuid(r, "id"), Rows.uuid(r, "conversation_id"), r.getString("direction"),
                r.getString("event_id"), r.getString("text"), Rows.instant(r, "received_at"),
                Rows.instant(r, "created_at"), r.getString("channel_id"), r.getString("recipient_id"),
                Rows.uuid(r, "in_reply_to"), Rows.nullableLong(r, "rule_id"), r.getString("content_type"),
                r.getString("media_url"), r.getString("template_name"), r.getString("template_language"),
                r.getString("template_parameters"), r.getString("status"), r.getString("acs_message_id"),
                r.getString("error_code"), r.getString("error_message"), r.getInt("attempts"),
                Rows.instant(r, "next_attempt_at"), Rows.instant(r, "first_attempt_at"),
                Rows.instant(r, "status_updated_at"), r.getString("kind"), r.getString("channel_message_id"),
                r.getString("details"), r.getString("origin"), Rows.uuid(r, "replaces"),
                Rows.instant(r, "window_started_at"), r.getBoolean("outcome_uncertain"), r.getString("answer_hold"),
                r.getString("sent_by"), r.getString("answer"));
    }
}
