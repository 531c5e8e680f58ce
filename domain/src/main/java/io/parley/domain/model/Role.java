package io.parley.domain.model;

import java.util.Locale;
import java.util.Optional;

/**
 * What a user of the console and the API may do. {@code VIEWER} reads; {@code AGENT} also talks to customers
 * (agent messages, releasing the bot, cancelling a flow); {@code EDITOR} also changes what the bot says (rules,
 * flows, the tester, replay, imports); {@code ADMIN} does everything, including users, the audit log, customers'
 * data and dead letters. Agents and editors are two branches, not a ladder: neither includes the other.
 */
public enum Role {
    VIEWER("Viewer", "sees conversations, rules, flows and figures"),
    AGENT("Agent", "also answers customers, lets the bot answer again and ends flows"),
    EDITOR("Editor", "also changes rules and flows, tests and imports them"),
    ADMIN("Admin", "does everything: the team, the activity log, customers' data");

    private final String label;
    private final String description;

    Role(String label, String description) {
        this.label = label;
        this.description = description;
    }

    /** Whether a user with this role may do what {@code needed} is required for. */
    public boolean grants(Role needed) {
        return this == ADMIN || this == needed || needed == VIEWER;
    }

    public String label() {
        return label;
    }

    public String description() {
        return description;
    }

    /** The role of that name (any case), or empty. */
    public static Optional<Role> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
