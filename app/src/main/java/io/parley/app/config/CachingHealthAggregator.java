package io.parley.app.config;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.management.endpoint.health.HealthLevelOfDetail;
import io.micronaut.management.health.aggregator.DefaultHealthAggregator;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.runtime.ApplicationConfiguration;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * Health as Micronaut aggregates it, but each answer (per level of detail and set of indicators: overall, liveness,
 * readiness) is reused for {@link #FRESH_FOR}: a load balancer or a stranger polling {@code /health} as fast as it
 * can costs one database round trip a second, not one per request. A change of health shows within that second.
 */
@Singleton
@Replaces(DefaultHealthAggregator.class)
class CachingHealthAggregator extends DefaultHealthAggregator {

    static final Duration FRESH_FOR = Duration.ofSeconds(1);

    /** The answer being reused for one key, and when (System.nanoTime) it was asked for. */
    private record Cached(Mono<HealthResult> result, long since) {
    }

    private record Key(HealthLevelOfDetail level, List<Class<?>> indicators) {
    }

    private final Map<Key, Cached> cache = new ConcurrentHashMap<>();

    CachingHealthAggregator(ApplicationConfiguration configuration) {
        super(configuration);
    }

    @Override
    public Publisher<HealthResult> aggregate(HealthIndicator[] indicators, HealthLevelOfDetail level) {
        Key key = new Key(level, java.util.Arrays.stream(indicators).<Class<?>>map(Object::getClass).toList());
        long now = System.nanoTime();
        Cached cached = cache.get(key);
        if (cached == null || now - cached.since() >= FRESH_FOR.toNanos()) {
            // cache(): the first subscriber runs the indicators, the others of this second get its result
            cached = new Cached(Mono.from(super.aggregate(indicators, level)).cache(), now);
            cache.put(key, cached);
        }
        return cached.result();
    }
}
