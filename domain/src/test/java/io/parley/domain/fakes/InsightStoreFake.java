package io.parley.domain.fakes;

import io.parley.domain.model.AnswerKind;
import io.parley.domain.model.InsightMetric;
import io.parley.domain.model.Tally;
import io.parley.domain.model.UnansweredText;
import io.parley.domain.port.out.InsightPort;
import io.parley.domain.port.out.InsightQueries;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Insight's counts and unanswered texts in lists, read as the database adapter reads them. */
public class InsightStoreFake implements InsightPort, InsightQueries {

    public final List<Tally.Count> counts = new ArrayList<>();
    public final List<UnansweredText> texts = new ArrayList<>();
    /** How many times counts were written (a transaction writes its tally once). */
    public int writes;

    @Override
    public void add(List<Tally.Count> added, List<UnansweredText> unanswered) {
        writes++;
        counts.addAll(added);
        texts.addAll(unanswered);
    }

    /** The total of {@code metric} with {@code dimension} ("" for none), every hour and channel. */
    public long total(InsightMetric metric, String dimension) {
        return counts.stream().filter(c -> c.metric() == metric && c.dimension().equals(dimension))
                .mapToLong(Tally.Count::n).sum();
    }

    @Override
    public List<Total> totals(Instant from, Instant to, String channelId, Set<InsightMetric> metrics) {
        Map<List<Object>, Long> sums = new LinkedHashMap<>();
        for (Tally.Count c : select(from, to, channelId, metrics)) {
            sums.merge(List.of(c.metric(), c.dimension()), c.n(), Long::sum);
        }
        List<Total> out = new ArrayList<>();
        sums.forEach((k, n) -> out.add(new Total((InsightMetric) k.get(0), (String) k.get(1), n)));
        return out;
    }

    @Override
    public List<HourTotal> hourly(Instant from, Instant to, String channelId, Set<InsightMetric> metrics) {
        Map<List<Object>, Long> sums = new LinkedHashMap<>();
        for (Tally.Count c : select(from, to, channelId, metrics)) {
            sums.merge(List.of(c.hour(), c.metric(), c.dimension()), c.n(), Long::sum);
        }
        List<HourTotal> out = new ArrayList<>();
        sums.forEach((k, n) -> out.add(new HourTotal((Instant) k.get(0), (InsightMetric) k.get(1),
                (String) k.get(2), n)));
        return out;
    }

    @Override
    public List<UnansweredGroup> unanswered(Instant from, Instant to, String channelId, int limit) {
        Map<String, List<UnansweredText>> groups = new LinkedHashMap<>();
        for (UnansweredText t : texts) {
            if (!t.at().isBefore(from) && t.at().isBefore(to) && (channelId == null || channelId.equals(t.channelId()))) {
                groups.computeIfAbsent(t.key(), k -> new ArrayList<>()).add(t);
            }
        }
        return groups.entrySet().stream().map(e -> {
            UnansweredText last = e.getValue().stream().max(Comparator.comparing(UnansweredText::at)).orElseThrow();
            long fallback = e.getValue().stream().filter(t -> t.answer() == AnswerKind.FALLBACK).count();
            return new UnansweredGroup(e.getKey(), last.text(), e.getValue().size(), fallback, last.at());
        }).sorted(Comparator.comparingLong(UnansweredGroup::count).reversed()
                .thenComparing(UnansweredGroup::lastAt, Comparator.reverseOrder())).limit(limit).toList();
    }

    private List<Tally.Count> select(Instant from, Instant to, String channelId, Set<InsightMetric> metrics) {
        return counts.stream().filter(c -> !c.hour().isBefore(from) && c.hour().isBefore(to)
                && (channelId == null || channelId.equals(c.channelId())) && metrics.contains(c.metric())).toList();
    }
}
