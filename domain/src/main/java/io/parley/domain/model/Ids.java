package io.parley.domain.model;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Ids for the rows Parley creates by the thousand (messages, conversations, scheduled work): UUID version 7 (RFC
 * 9562), whose first 48 bits are the Unix time in milliseconds and the remaining 74 bits random. Ids made one after
 * another sort one after another, so a database inserts them at the right end of its primary-key index instead of at
 * a random page of it: on H2 every commit rewrites the index pages it changed, on PostgreSQL the first change of a page
 * after a checkpoint writes it whole to the WAL. The time in an id is never read back as a time; the messages' own
 * timestamps come from the injected clock.
 */
public final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    /** A new time-ordered id. */
    public static UUID next() {
        return at(System.currentTimeMillis());
    }

    /** A new id with this Unix time in milliseconds as its time part (for tests). */
    static UUID at(long unixMillis) {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random); // one call, as UUID.randomUUID makes
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(random);
        long high = (unixMillis << 16) | 0x7000L | (bytes.getLong() & 0x0FFFL);
        long low = (bytes.getLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low);
    }
}
