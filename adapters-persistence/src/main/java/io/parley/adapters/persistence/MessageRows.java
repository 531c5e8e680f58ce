package io.parley.adapters.persistence;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** {@code message} rows written and read with plain JDBC, for the batches of the hot paths. */
final class MessageRows {

    static final String INSERT = """
            INSERT INTO message (id, conversation_id, direction, event_id, text, received_at, created_at, channel_id,
                recipient_id, in_reply_to, rule_id, content_type, media_url, template_name, template_language,
                template_parameters, status, acs_message_id, error_code, error_message, attempts, next_attempt_at,
                first_attempt_at, status_updated_at, kind, channel_message_id, details, origin, replaces,
                window_started_at, outcome_uncertain, answer_hold)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    /** Every field of an outbound message that changes after it was queued. */
    static final String UPDATE_OUTBOUND = """
            UPDATE message SET status = ?, acs_message_id = ?, error_code = ?, error_message = ?, attempts = ?,
                next_attempt_at = ?, first_attempt_at = ?, status_updated_at = ?, window_started_at = ?,
                outcome_uncertain = ?, origin = ?, content_type = ?, text = ?, media_url = ?, template_name = ?,
                template_language = ?, template_parameters = ?, details = ?
            WHERE id = ? AND direction = 'OUTBOUND'""";

    private MessageRows() {
    }

    static void bindInsert(PreparedStatement s, MessageEntity e) throws SQLException {
        Rows.setUuid(s, 1, e.id());
        Rows.setUuid(s, 2, e.conversationId());
        s.setString(3, e.direction());
        s.setString(4, e.eventId());
        s.setString(5, e.text());
        Rows.setInstant(s, 6, e.receivedAt());
        Rows.setInstant(s, 7, e.createdAt());
        s.setString(8, e.channelId());
        s.setString(9, e.recipientId());
        Rows.setUuid(s, 10, e.inReplyTo());
        Rows.setLong(s, 11, e.ruleId());
        s.setString(12, e.contentType());
        s.setString(13, e.mediaUrl());
        s.setString(14, e.templateName());
        s.setString(15, e.templateLanguage());
        s.setString(16, e.templateParameters());
        s.setString(17, e.status());
        s.setString(18, e.acsMessageId());
        s.setString(19, Rows.truncate(e.errorCode(), 255));
        s.setString(20, Rows.truncate(e.errorMessage(), 4000));
        s.setInt(21, e.attempts());
        Rows.setInstant(s, 22, e.nextAttemptAt());
        Rows.setInstant(s, 23, e.firstAttemptAt());
        Rows.setInstant(s, 24, e.statusUpdatedAt());
        s.setString(25, e.kind());
        s.setString(26, e.channelMessageId());
        s.setString(27, e.details());
        s.setString(28, e.origin());
        Rows.setUuid(s, 29, e.replaces());
        Rows.setInstant(s, 30, e.windowStartedAt());
        s.setBoolean(31, e.outcomeUncertain());
        s.setString(32, e.answerHold());
    }

    static void bindUpdate(PreparedStatement s, MessageEntity e) throws SQLException {
        s.setString(1, e.status());
        s.setString(2, e.acsMessageId());
        s.setString(3, Rows.truncate(e.errorCode(), 255));
        s.setString(4, Rows.truncate(e.errorMessage(), 4000));
        s.setInt(5, e.attempts());
        Rows.setInstant(s, 6, e.nextAttemptAt());
        Rows.setInstant(s, 7, e.firstAttemptAt());
        Rows.setInstant(s, 8, e.statusUpdatedAt());
        Rows.setInstant(s, 9, e.windowStartedAt());
        s.setBoolean(10, e.outcomeUncertain());
        s.setString(11, e.origin());
        s.setString(12, e.contentType());
        s.setString(13, e.text());
        s.setString(14, e.mediaUrl());
        s.setString(15, e.templateName());
        s.setString(16, e.templateLanguage());
        s.setString(17, e.templateParameters());
        s.setString(18, e.details());
        Rows.setUuid(s, 19, e.id());
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
                Rows.instant(r, "window_started_at"), r.getBoolean("outcome_uncertain"), r.getString("answer_hold"));
    }
}
