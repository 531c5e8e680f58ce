package io.parley.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TallyTest {

    private static final Instant AT = Instant.parse("2026-12-04T10:59:59.999Z");

    private static List<String> dimensions(Tally tally, InsightMetric metric) {
        return tally.counts().stream().filter(c -> c.metric() == metric).map(Tally.Count::dimension).toList();
    }

    @Test
    void aStatusCountsEveryLevelItPassesOnceAndAFailureItsCode() {
        Tally tally = new Tally();
        tally.delivery("c", DeliveryStatus.QUEUED, DeliveryStatus.READ, null, AT);
        assertEquals(List.of("ACCEPTED", "DELIVERED", "READ", "SENT"), dimensions(tally, InsightMetric.DELIVERY),
                "a message read without a Delivered was delivered (rows in their write order)");
        Tally failed = new Tally();
        failed.delivery("c", DeliveryStatus.SENT, DeliveryStatus.FAILED, " 131049 ", AT);
        failed.delivery("c", DeliveryStatus.ACCEPTED, DeliveryStatus.FAILED, null, AT);
        assertEquals(List.of("FAILED"), dimensions(failed, InsightMetric.DELIVERY));
        assertEquals(2, failed.counts().stream().filter(c -> c.metric() == InsightMetric.DELIVERY)
                .mapToLong(Tally.Count::n).sum());
        assertEquals(List.of("131049", "unknown"), dimensions(failed, InsightMetric.FAILURES));
    }

    @Test
    void countsAreKeptPerUtcHourAndAddUp() {
        Tally tally = new Tally();
        tally.received("c", AT);
        tally.received("c", AT.plusMillis(1));
        tally.received("c", AT.minus(Duration.ofMinutes(59)));
        assertEquals(List.of(new Tally.Count(Instant.parse("2026-12-04T10:00:00Z"), "c", InsightMetric.RECEIVED, "",
                2), new Tally.Count(Instant.parse("2026-12-04T11:00:00Z"), "c", InsightMetric.RECEIVED, "", 1)),
                tally.counts());
    }

    @Test
    void waitsFallInTheirBucketAndPercentilesAreEstimatedWithinIt() {
        assertEquals("250", ResponseTimes.bucket(Duration.ZERO));
        assertEquals("250", ResponseTimes.bucket(Duration.ofMillis(250)));
        assertEquals("500", ResponseTimes.bucket(Duration.ofMillis(251)));
        assertEquals("250", ResponseTimes.bucket(Duration.ofMillis(-5)), "a clock step back is no wait");
        assertEquals(ResponseTimes.OVER, ResponseTimes.bucket(Duration.ofDays(2)));
        assertNull(ResponseTimes.quantile(Map.of(), 0.5));
        assertEquals(0.5, ResponseTimes.quantile(Map.of("1000", 2L), 0.0), 1e-9, "the bucket's lower end");
        assertEquals(1.0, ResponseTimes.quantile(Map.of("1000", 2L), 1.0), 1e-9, "its upper end");
        assertEquals(86_400.0, ResponseTimes.quantile(Map.of(ResponseTimes.OVER, 3L), 0.5), 1e-9,
                "more than a day reads as a day");
        assertEquals(0.125, ResponseTimes.quantile(Map.of("250", 1L, "unknown", 5L), 0.5), 1e-9,
                "buckets a later version wrote are left out");
    }

    @Test
    void aTextOnlyAFallbackAnsweredIsKeptByItsWordsAndOthersAreNot() {
        Tally tally = new Tally();
        InboundMessage asked = new InboundMessage(java.util.UUID.randomUUID(), java.util.UUID.randomUUID(), "e1",
                InboundContent.text("  Do you ship to CANADA?!  "), AT, AT, null);
        tally.answered(asked, "c", AnswerKind.FALLBACK, 7L, AT);
        tally.answered(asked, "c", AnswerKind.RULE, 8L, AT);
        tally.answered(new InboundMessage(java.util.UUID.randomUUID(), java.util.UUID.randomUUID(), "e2",
                InboundContent.text("?!"), AT, AT, null), "c", AnswerKind.NONE, null, AT);
        assertEquals(1, tally.unanswered().size(), "a rule's answer and a text without words are not kept");
        assertEquals("do you ship to canada", tally.unanswered().get(0).key());
        assertEquals("Do you ship to CANADA?!", tally.unanswered().get(0).text());
        assertEquals(List.of("7", "8"), dimensions(tally, InsightMetric.RULE_ANSWERS));
    }
}
