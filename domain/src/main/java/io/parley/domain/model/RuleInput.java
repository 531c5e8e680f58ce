package io.parley.domain.model;

/**
 * What the rules look at in an inbound message.
 *
 * @param text         the customer's text, or null when the message has none
 * @param firstMessage true for the first inbound message of its conversation
 */
public record RuleInput(String text, boolean firstMessage) {
}
