package io.parley.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.endpoint.health.HealthLevelOfDetail;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.runtime.ApplicationConfiguration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/** /health polled as fast as a client can asks the indicators at most once a second, per level of detail. */
class CachingHealthAggregatorTest {

    private final AtomicInteger asked = new AtomicInteger();
    private volatile HealthStatus status = HealthStatus.UP;

    private final HealthIndicator database = new HealthIndicator() {
        @Override
        public Publisher<HealthResult> getResult() {
            return Mono.fromSupplier(() -> {
                asked.incrementAndGet();
                return HealthResult.builder("jdbc", status).build();
            });
        }
    };

    private HealthStatus health(CachingHealthAggregator aggregator, HealthLevelOfDetail level) {
        return Mono.from(aggregator.aggregate(new HealthIndicator[] {database}, level)).block().getStatus();
    }

    @Test
    void aThousandRequestsInASecondAskTheDatabaseOnceAndAChangeShowsWithinTheSecond() throws InterruptedException {
        CachingHealthAggregator aggregator = new CachingHealthAggregator(new ApplicationConfiguration());
        for (int i = 0; i < 1000; i++) {
            assertEquals(HealthStatus.UP, health(aggregator, HealthLevelOfDetail.STATUS));
        }
        assertEquals(1, asked.get());
        health(aggregator, HealthLevelOfDetail.STATUS_DESCRIPTION_DETAILS);
        assertEquals(2, asked.get(), "operators' detailed answer is its own");
        status = HealthStatus.DOWN;
        Thread.sleep(CachingHealthAggregator.FRESH_FOR.toMillis() + 50);
        assertEquals(HealthStatus.DOWN, health(aggregator, HealthLevelOfDetail.STATUS));
        assertEquals(3, asked.get());
    }
}
