package io.parley.domain.model;

/** Which conversation a customer message belongs to: the business channel it came in on and the customer. */
public record ConversationKey(String channelId, String customerId) {

    public ConversationKey {
        Conversation.requireText(channelId, "channelId");
        Conversation.requireText(customerId, "customerId");
    }
}
