package io.parley.domain.model;

/** What an audit entry records, with the words the console shows for it. */
public enum AuditAction {
    RULE_CREATED("created a rule"),
    RULE_CHANGED("changed a rule"),
    RULE_DELETED("deleted a rule"),
    RULE_RESTORED("restored an earlier version of a rule"),
    RULES_IMPORTED("imported rules"),
    RULES_REORDERED("changed the order of the rules"),
    FLOW_CREATED("created a flow"),
    FLOW_CHANGED("changed a flow"),
    FLOW_DELETED("deleted a flow"),
    FLOW_RESTORED("restored an earlier version of a flow"),
    FLOWS_IMPORTED("imported flows"),
    USER_CREATED("invited a user"),
    USER_ROLE_CHANGED("changed a user's role"),
    USER_PASSWORD_CHANGED("changed a password"),
    USER_PASSWORD_RESET("gave a user a new one-time password"),
    USER_REMOVED("removed a user"),
    BOT_RELEASED("let the bot answer again"),
    FLOW_CANCELLED("cancelled a customer's flow"),
    AGENT_MESSAGE("sent a message to a customer"),
    CUSTOMER_EXPORTED("exported a customer's data"),
    CUSTOMER_ERASED("erased a customer's data"),
    CONVERSATION_EXPORTED("downloaded a conversation"),
    CHANNEL_NAMED("named a WhatsApp number"),
    SIGNED_IN("signed in"),
    SIGN_IN_FAILED("failed to sign in");

    private final String words;

    AuditAction(String words) {
        this.words = words;
    }

    /** What the action did, in the console's words ("changed a rule"). */
    public String words() {
        return words;
    }
}
