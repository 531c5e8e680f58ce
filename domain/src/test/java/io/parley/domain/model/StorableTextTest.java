package io.parley.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class StorableTextTest {

    @Test
    void nulBecomesTheReplacementCharacterAndNothingElseChanges() {
        assertEquals("a\uFFFDb\uFFFD", StorableText.of("a\u0000b\u0000"));
        String plain = "héllo \uD83D\uDE00";
        assertSame(plain, StorableText.of(plain));
        assertNull(StorableText.of(null));
    }
}
