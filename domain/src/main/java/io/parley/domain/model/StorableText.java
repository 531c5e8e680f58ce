package io.parley.domain.model;

/**
 * The one rule for U+0000 in text that enters Parley (customer messages, ids, rule texts): it becomes U+FFFD, since
 * PostgreSQL cannot store it in text and a message must never be lost or fail because of it. The webhook and the
 * admin API both apply it where they read JSON.
 */
public final class StorableText {

    /** What U+0000 becomes. */
    public static final char REPLACEMENT = '\uFFFD';

    private StorableText() {
    }

    /** {@code text} with every U+0000 replaced; the same instance when it has none (or is null). */
    public static String of(String text) {
        return text == null || text.indexOf('\u0000') < 0 ? text : text.replace('\u0000', REPLACEMENT);
    }
}
