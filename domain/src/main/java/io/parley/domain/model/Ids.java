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
 *
 * <p>Ids made by one process are strictly increasing, also within a millisecond: the 12 bits after the time count
 * (RFC 9562, section 6.2, method 3), and when more than 4,096 ids are made in one millisecond the time part runs
 * ahead a little. Replies queued in one transaction share their creation time, and the outbox sends a
 * conversation's replies in (creation time, id) order, so their ids must keep the order they were made in.
 */
public final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** The last id's time in milliseconds and its 12-bit count, as {@code millis << 12 | count}. */
    private static final java.util.concurrent.atomic.AtomicLong LAST = new java.util.concurrent.atomic.AtomicLong();

    private Ids() {
    }

    /** A new time-ordered id, after every id this process made before it. */
    public static UUID next() {
        long now = System.currentTimeMillis() << 12;
        long state = LAST.updateAndGet(previous -> Math.max(previous + 1, now));
        long low = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(((state >>> 12) << 16) | 0x7000L | (state & 0x0FFFL), low);
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
