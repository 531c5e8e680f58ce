package io.parley.domain.model;

import static io.parley.domain.model.DeliveryStatus.ACCEPTED;
import static io.parley.domain.model.DeliveryStatus.DELIVERED;
import static io.parley.domain.model.DeliveryStatus.FAILED;
import static io.parley.domain.model.DeliveryStatus.QUEUED;
import static io.parley.domain.model.DeliveryStatus.READ;
import static io.parley.domain.model.DeliveryStatus.SENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DeliveryStatusTest {

    @Test
    void movesForwardOnly() {
        assertTrue(QUEUED.canMoveTo(ACCEPTED));
        assertTrue(ACCEPTED.canMoveTo(READ));
        assertTrue(SENT.canMoveTo(DELIVERED));
        assertFalse(DELIVERED.canMoveTo(SENT));
        assertFalse(DELIVERED.canMoveTo(DELIVERED));
        assertFalse(ACCEPTED.canMoveTo(QUEUED));
    }

    @Test
    void readAndFailedAreTerminal() {
        for (DeliveryStatus next : DeliveryStatus.values()) {
            assertFalse(READ.canMoveTo(next), "READ -> " + next);
            assertFalse(FAILED.canMoveTo(next), "FAILED -> " + next);
        }
    }

    @Test
    void failureIsReachableFromEveryLiveStatus() {
        for (DeliveryStatus from : List.of(QUEUED, ACCEPTED, SENT, DELIVERED)) {
            assertTrue(from.canMoveTo(FAILED), from + " -> FAILED");
        }
    }

    @Test
    void anyArrivalOrderOfSentDeliveredReadEndsAtRead() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            List<DeliveryStatus> reports = new java.util.ArrayList<>(List.of(SENT, DELIVERED, READ, DELIVERED, SENT));
            java.util.Collections.shuffle(reports, random);
            DeliveryStatus status = ACCEPTED;
            for (DeliveryStatus report : reports) {
                if (status.canMoveTo(report)) {
                    status = report;
                }
            }
            assertEquals(READ, status, "order " + reports);
        }
    }
}
