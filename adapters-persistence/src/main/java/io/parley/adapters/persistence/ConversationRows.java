package io.parley.adapters.persistence;

import io.parley.domain.model.Conversation;
import io.parley.domain.model.ReplyActivity;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/** {@code conversation} rows to domain conversations and back, for plain JDBC and for the entity. */
final class ConversationRows {

    private ConversationRows() {
    }

    static Conversation read(ResultSet r) throws SQLException {
        return new Conversation(Rows.uuid(r, "id"), r.getString("channel_id"), r.getString("customer_id"),
                Rows.instant(r, "created_at"), Rows.instant(r, "last_message_at"), Rows.instant(r, "last_inbound_at"),
                Rows.instant(r, "bot_paused_until"), r.getString("bot_paused_reason"),
                new ReplyActivity(r.getString("last_text_key"), r.getInt("same_text_in_a_row"),
                        instants(r.getString("recent_rule_replies"))));
    }

    static Conversation toDomain(ConversationEntity e) {
        return new Conversation(e.id(), e.channelId(), e.customerId(), e.createdAt(), e.lastMessageAt(),
                e.lastInboundAt(), e.botPausedUntil(), e.botPausedReason(),
                new ReplyActivity(e.lastTextKey(), e.sameTextInARow(), instants(e.recentRuleReplies())));
    }

    static String text(List<Instant> instants) {
        if (instants.isEmpty()) {
            return null;
        }
        StringJoiner joined = new StringJoiner(",");
        instants.forEach(at -> joined.add(Long.toString(at.toEpochMilli())));
        return joined.toString();
    }

    static List<Instant> instants(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        List<Instant> instants = new ArrayList<>();
        for (String part : text.split(",")) {
            instants.add(Instant.ofEpochMilli(Long.parseLong(part.strip())));
        }
        return instants;
    }
}
