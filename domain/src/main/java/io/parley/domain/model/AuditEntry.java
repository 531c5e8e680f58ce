package io.parley.domain.model;

import java.time.Instant;

/**
 * One change in the audit log: who did what to what, when. Never a customer's number in clear (customers are named
 * by a keyed hash), never a password, never a message's text.
 *
 * @param id     the entry's place in the log (null until stored); later entries have larger ids
 * @param actor  the username, or {@code system}
 * @param action an {@link AuditAction} name
 * @param target what was changed, e.g. {@code rule 7}, {@code user alice}, {@code conversation <id>}
 * @param detail a short line in plain words
 */
public record AuditEntry(Long id, Instant at, String actor, String action, String target, String detail) {

    public static final int MAX_ACTOR = 200;
    public static final int MAX_TARGET = 200;
    public static final int MAX_DETAIL = 1_000;
}
