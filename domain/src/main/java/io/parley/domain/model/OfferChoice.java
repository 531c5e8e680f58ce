package io.parley.domain.model;

import java.util.Objects;
import java.util.UUID;

/**
 * The option of an offer that a customer's message picked.
 *
 * @param offerMessageId the outbound message that offered it
 * @param kind           BUTTONS or LIST
 * @param optionId       the option's id (what {@code BUTTON} and {@code LIST} rules match)
 * @param title          its title as offered
 * @param number         its position, from 1
 * @param typed          true when the customer typed it (its number, id or title), false for a tap
 */
public record OfferChoice(UUID offerMessageId, ReplyType kind, String optionId, String title, int number,
                          boolean typed) {

    public OfferChoice {
        Objects.requireNonNull(offerMessageId, "offerMessageId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(optionId, "optionId");
    }
}
