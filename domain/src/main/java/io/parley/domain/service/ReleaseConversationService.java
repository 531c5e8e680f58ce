package io.parley.domain.service;

import io.parley.domain.port.in.ReleaseConversationUseCase;
import io.parley.domain.port.out.ConversationPort;
import io.parley.domain.port.out.TransactionPort;
import java.util.UUID;

public final class ReleaseConversationService implements ReleaseConversationUseCase {

    private final TransactionPort transactions;
    private final ConversationPort conversations;

    public ReleaseConversationService(TransactionPort transactions, ConversationPort conversations) {
        this.transactions = transactions;
        this.conversations = conversations;
    }

    @Override
    public boolean release(UUID conversationId) {
        return transactions.inTransaction(() -> conversations.releaseBot(conversationId));
    }
}
