package io.parley.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void idsAreVersion7WithTheTimeInFrontAndSortByIt() {
        long millis = 1_780_000_000_123L;
        UUID id = Ids.at(millis);
        assertEquals(7, id.version());
        assertEquals(2, id.variant(), "RFC 9562 variant");
        assertEquals(millis, id.getMostSignificantBits() >>> 16, "the first 48 bits are the time");
        UUID earlier = Ids.at(millis - 1);
        // as PostgreSQL and H2 compare uuids: byte by byte, unsigned
        assertTrue(Long.compareUnsigned(earlier.getMostSignificantBits(), id.getMostSignificantBits()) < 0);
        assertTrue(id.toString().startsWith(String.format("%08x-%04x-7", millis >>> 16, millis & 0xFFFF)),
                id.toString());
    }

    @Test
    void aHundredThousandIdsInOneMillisecondAreAllDifferent() {
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            assertTrue(seen.add(Ids.at(1_780_000_000_000L)));
        }
    }

    @Test
    void idsMadeOneAfterAnotherSortInTheOrderTheyWereMadeEvenWithinAMillisecond() {
        UUID previous = Ids.next();
        for (int i = 0; i < 100_000; i++) {
            UUID next = Ids.next();
            assertTrue(next.compareTo(previous) > 0, previous + " then " + next);
            assertEquals(7, next.version());
            previous = next;
        }
    }
}
