package io.parley.domain.model;

/**
 * One choice of an interactive reply: a button ({@code description} unused) or a list row.
 *
 * @param id          what comes back when the customer picks it (a {@code BUTTON} or {@code LIST} rule's value)
 * @param title       what the customer sees on it
 * @param description a list row's second line, or null
 */
public record InteractiveOption(String id, String title, String description) {

    public InteractiveOption(String id, String title) {
        this(id, title, null);
    }
}
