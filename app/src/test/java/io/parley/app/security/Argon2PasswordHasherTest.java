package io.parley.app.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Argon2PasswordHasherTest {

    private final Argon2PasswordHasher hasher = new Argon2PasswordHasher();

    @Test
    void readsAHashMadeByTheReferenceImplementation() {
        // echo -n "correct horse battery staple" | argon2 "parley-salt-0001" -id -t 2 -k 19456 -p 1 -l 32 -e
        // (Debian's argon2, the reference implementation's command line)
        String reference = "$argon2id$v=19$m=19456,t=2,p=1$cGFybGV5LXNhbHQtMDAwMQ$"
                + "vidtbl+G1NoQdG8oV0S5QjUVDCp2evAm1qHHk9M3kAo";
        assertTrue(hasher.matches("correct horse battery staple", reference));
        assertFalse(hasher.matches("correct horse battery stapler", reference));
    }

    @Test
    void eachHashHasItsOwnSaltAndOnlyItsPasswordMatches() {
        String first = hasher.hash("a password of some length");
        String second = hasher.hash("a password of some length");
        assertNotEquals(first, second);
        assertTrue(first.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), first);
        assertTrue(hasher.matches("a password of some length", first));
        assertTrue(hasher.matches("a password of some length", second));
        assertFalse(hasher.matches("a password of some lengtH", first));
        assertFalse(hasher.matches("", first));
    }

    @Test
    void aHashInAnotherFormMatchesNothing() {
        assertFalse(hasher.matches("password", "$2a$10$abcdefghijklmnopqrstuu5Sd3Z0x1pVQm4w6J0QJYbMhcN3c9rZy"));
        assertFalse(hasher.matches("password", "$argon2i$v=19$m=65536,t=2,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG"));
        assertFalse(hasher.matches("password", "$argon2id$v=19$m=99999999,t=2,p=1$cGFybGV5LXNhbHQtMDAwMQ$"
                + "vidtbl+G1NoQdG8oV0S5QjUVDCp2evAm1qHHk9M3kAo"), "a memory setting no hash of ours has");
        assertFalse(hasher.matches("password", "plain"));
        assertFalse(hasher.matches("password", null));
    }
}
