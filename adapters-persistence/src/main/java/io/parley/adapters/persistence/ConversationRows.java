package io.parley.adapters.persistence;

import io.parley.domain.model.Conversation;
import io.parley.domain.model.FlowSession;
import io.parley.domain.model.HeldMessage;
import io.parley.domain.model.Offer;
import io.parley.domain.model.ReplyActivity;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code conversation} rows to domain conversations and back, for plain JDBC and for the entity. */
final class ConversationRows {

    private static final Logger LOG = LoggerFactory.getLogger(ConversationRows.class);

    private ConversationRows() {
    }

    static Conversation read(ResultSet r, MessageMapper json) throws SQLException {
        return new Conversation(Rows.uuid(r, "id"), r.getString("channel_id"), r.getString("customer_id"),
                Rows.instant(r, "created_at"), Rows.instant(r, "last_message_at"), Rows.instant(r, "last_inbound_at"),
                Rows.instant(r, "bot_paused_until"), r.getString("bot_paused_reason"),
                new ReplyActivity(r.getString("last_text_key"), r.getInt("same_text_in_a_row"),
                        instants(r.getString("recent_rule_replies"))), offer(r.getString("last_offer"), json),
                session(r.getString("flow_session"), json), held(r.getString("held_messages"), json),
                Rows.instant(r, "opted_out_at"), Rows.instant(r, "awaiting_reply_since"));
    }

    static Conversation toDomain(ConversationEntity e, MessageMapper json) {
        return new Conversation(e.id(), e.channelId(), e.customerId(), e.createdAt(), e.lastMessageAt(),
                e.lastInboundAt(), e.botPausedUntil(), e.botPausedReason(),
                new ReplyActivity(e.lastTextKey(), e.sameTextInARow(), instants(e.recentRuleReplies())),
                offer(e.lastOffer(), json), session(e.flowSession(), json), held(e.heldMessages(), json),
                e.optedOutAt(), e.awaitingReplySince());
    }

    static String text(Offer offer, MessageMapper json) {
        return offer == null ? null : json.write(OfferJson.of(offer));
    }

    static String text(FlowSession session, MessageMapper json) {
        return session == null ? null : json.write(FlowSessionJson.of(session));
    }

    static String text(List<HeldMessage> held, MessageMapper json) {
        return held.isEmpty() ? null : json.write(HeldMessagesJson.of(held));
    }

    /**
     * The messages whose answers wait; none when they cannot be read (damaged by hand): their deadlines then find
     * nothing to decide, and they stay unanswered, as a log line says.
     */
    private static List<HeldMessage> held(String stored, MessageMapper json) {
        if (stored == null || stored.isBlank()) {
            return List.of();
        }
        try {
            return json.read(stored, HeldMessagesJson.class).toDomain();
        } catch (RuntimeException e) {
            LOG.warn("a conversation's waiting messages could not be read and are not answered: {}", e.toString());
            return List.of();
        }
    }

    /** The stored flow session; none when it cannot be read (damaged by hand): the flow is then forgotten. */
    private static FlowSession session(String stored, MessageMapper json) {
        if (stored == null || stored.isBlank()) {
            return null;
        }
        try {
            return json.read(stored, FlowSessionJson.class).toDomain();
        } catch (RuntimeException e) {
            LOG.warn("a conversation's flow session could not be read and is ignored: {}", e.toString());
            return null;
        }
    }

    /**
     * The stored offer; none when it cannot be read (a row written by a later version, or damaged by hand): a
     * forgotten offer only means that a typed number is not taken as a choice.
     */
    private static Offer offer(String stored, MessageMapper json) {
        if (stored == null || stored.isBlank()) {
            return null;
        }
        try {
            return json.read(stored, OfferJson.class).toDomain();
        } catch (RuntimeException e) {
            LOG.warn("a conversation's last offer could not be read and is ignored: {}", e.toString());
            return null;
        }
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
