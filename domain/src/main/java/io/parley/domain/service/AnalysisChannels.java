package io.parley.domain.service;

import io.parley.domain.port.out.AnalysisPort;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which channels send analyses: when each last sent one, as stored (so that every instance knows), read again at
 * most every {@link #REFRESH} and written at most every {@link #WRITE_EVERY} per channel, so that neither costs a
 * statement per message.
 */
public final class AnalysisChannels {

    static final Duration REFRESH = Duration.ofSeconds(30);
    static final Duration WRITE_EVERY = Duration.ofMinutes(1);

    private final AnalysisPort port;
    private final Map<String, Known> known = new ConcurrentHashMap<>();

    /** {@code lastAnalysisAt} as read (or written) at {@code readAt}. */
    private record Known(Instant lastAnalysisAt, Instant readAt, Instant writtenAt) {
    }

    public AnalysisChannels(AnalysisPort port) {
        this.port = port;
    }

    /** When {@code channelId} last sent an analysis, as known at most {@link #REFRESH} ago; null: never. */
    Instant lastAnalysisAt(String channelId, Instant now) {
        Known k = known.get(channelId);
        if (k == null || !now.isBefore(k.readAt().plus(REFRESH))) {
            Instant stored = port.lastAnalysisAt(channelId).orElse(null);
            Instant last = k == null || k.lastAnalysisAt() == null || stored != null
                    && stored.isAfter(k.lastAnalysisAt()) ? stored : k.lastAnalysisAt();
            k = new Known(last, now, k == null ? null : k.writtenAt());
            known.put(channelId, k);
        }
        return k.lastAnalysisAt();
    }

    /** {@code channelId} sent an analysis at {@code at}; stored in the current transaction when it is news. */
    void analysed(String channelId, Instant at) {
        Known k = known.get(channelId);
        if (k == null || k.writtenAt() == null || !at.isBefore(k.writtenAt().plus(WRITE_EVERY))) {
            port.channelAnalysed(channelId, at);
            known.put(channelId, new Known(at, at, at));
        } else if (k.lastAnalysisAt() == null || at.isAfter(k.lastAnalysisAt())) {
            known.put(channelId, new Known(at, k.readAt(), k.writtenAt()));
        }
    }
}
