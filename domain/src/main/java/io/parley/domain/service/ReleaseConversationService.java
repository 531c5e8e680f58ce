package io.parley.domain.service;

import io.parley.domain.model.AuditAction;
import io.parley.domain.port.in.ReleaseConversationUseCase;
import io.parley.domain.port.out.ConversationPort;
import io.parley.domain.port.out.TransactionPort;
import java.util.UUID;

public final class ReleaseConversationService implements ReleaseConversationUseCase {

    private final TransactionPort transactions;
    private final ConversationPort conversations;
    private final AuditTrail audit;

    public ReleaseConversationService(TransactionPort transactions, ConversationPort conversations) {
        this(transactions, conversations, AuditTrail.NONE);
    }

    public ReleaseConversationService(TransactionPort transactions, ConversationPort conversations,
                                      AuditTrail audit) {
        this.transactions = transactions;
        this.conversations = conversations;
        this.audit = audit;
    }

    @Override
    public boolean release(UUID conversationId, String actor) {
        return transactions.inTransaction(() -> {
            String reason = conversations.get(conversationId).map(c -> c.botPausedReason()).orElse(null);
            if (!conversations.releaseBot(conversationId)) {
                return false;
            }
            audit.record(actor, AuditAction.BOT_RELEASED, "conversation " + conversationId,
                    reason == null ? "the bot was not paused" : "the bot was paused (" + reason + ")");
            return true;
        });
    }
}
