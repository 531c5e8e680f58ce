package io.parley.domain.fakes;

import io.parley.domain.model.Conversation;
import io.parley.domain.model.DeliveryStatus;
import io.parley.domain.model.InboundMessage;
import io.parley.domain.model.MediaDownload;
import io.parley.domain.model.MessageAnalysis;
import io.parley.domain.model.OutboundMessage;
import io.parley.domain.model.ReplyRule;
import io.parley.domain.model.RuleVersion;
import io.parley.domain.model.StatusChange;
import io.parley.domain.model.StatusReport;
import io.parley.domain.port.out.AnalysisPort;
import io.parley.domain.port.out.ConversationPort;
import io.parley.domain.port.out.EventLogPort;
import io.parley.domain.port.out.MediaDownloadPort;
import io.parley.domain.port.out.MessagePort;
import io.parley.domain.port.out.OutboxPort;
import io.parley.domain.port.out.ReplyRulePort;
import io.parley.domain.port.out.RuleHistoryPort;
import io.parley.domain.port.out.StatusHistoryPort;
import io.parley.domain.port.out.StatusReportPort;
import io.parley.domain.port.out.TransactionPort;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Every out-port of the domain over plain collections, with the semantics the real adapters promise (unique event
 * ids, one conversation per channel and customer, claims that exclude each other). Not thread-safe.
 */
public class InMemoryStoreFake implements TransactionPort, EventLogPort, ConversationPort, MessagePort, OutboxPort,
        StatusReportPort, ReplyRulePort, AnalysisPort, MediaDownloadPort, StatusHistoryPort, RuleHistoryPort {

    public final List<RuleVersion> ruleVersions = new ArrayList<>();

    @Override
    public int append(long ruleId, String change, ReplyRule rule, String changedBy, Instant at) {
        int version = (int) ruleVersions.stream().filter(v -> v.ruleId() == ruleId).count() + 1;
        ruleVersions.add(new RuleVersion(ruleId, version, change, rule, changedBy, at));
        return version;
    }

    @Override
    public List<RuleVersion> history(long ruleId) {
        return ruleVersions.stream().filter(v -> v.ruleId() == ruleId).toList();
    }

    @Override
    public Optional<RuleVersion> version(long ruleId, int version) {
        return ruleVersions.stream().filter(v -> v.ruleId() == ruleId && v.version() == version).findFirst();
    }

    public final List<StatusChange> history = new ArrayList<>();

    @Override
    public void append(StatusChange change) {
        history.add(change);
    }

    @Override
    public List<StatusChange> history(UUID messageId) {
        return history.stream().filter(c -> c.messageId().equals(messageId)).toList();
    }

    @Override
    public void pauseBot(UUID conversationId, String reason, Instant until) {
        Conversation c = conversations.get(conversationId);
        conversations.put(c.id(), new Conversation(c.id(), c.channelId(), c.customerId(), c.createdAt(),
                c.lastMessageAt(), c.lastInboundAt(), until, reason));
    }

    @Override
    public boolean releaseBot(UUID conversationId) {
        Conversation c = conversations.get(conversationId);
        if (c == null) {
            return false;
        }
        conversations.put(c.id(), new Conversation(c.id(), c.channelId(), c.customerId(), c.createdAt(),
                c.lastMessageAt(), c.lastInboundAt(), null, null));
        return true;
    }

    @Override
    public Optional<Instant> lastReplyOfRule(UUID conversationId, long ruleId) {
        return outbound.values().stream()
                .filter(m -> m.conversationId().equals(conversationId) && Long.valueOf(ruleId).equals(m.ruleId()))
                .map(OutboundMessage::createdAt).max(Comparator.naturalOrder());
    }

    @Override
    public int ruleRepliesSince(UUID conversationId, Instant since) {
        return (int) outbound.values().stream()
                .filter(m -> m.conversationId().equals(conversationId) && m.ruleId() != null
                        && !m.createdAt().isBefore(since))
                .count();
    }

    @Override
    public List<String> latestInboundTexts(UUID conversationId, int limit) {
        List<InboundMessage> all = inbound.values().stream()
                .filter(m -> m.conversationId().equals(conversationId)).toList();
        List<String> texts = new ArrayList<>();
        for (int i = all.size() - 1; i >= 0 && texts.size() < limit; i--) {
            texts.add(all.get(i).text());
        }
        return texts;
    }

    @Override
    public Optional<Conversation> get(UUID id) {
        return Optional.ofNullable(conversations.get(id));
    }

    @Override
    public void touchInbound(Conversation conversation, Instant at) {
        Conversation c = conversations.get(conversation.id());
        Instant last = c.lastMessageAt().isAfter(at) ? c.lastMessageAt() : at;
        Instant inbound = c.lastInboundAt() == null || at.isAfter(c.lastInboundAt()) ? at : c.lastInboundAt();
        conversations.put(c.id(), new Conversation(c.id(), c.channelId(), c.customerId(), c.createdAt(), last,
                inbound, c.botPausedUntil(), c.botPausedReason()));
    }

    public final Map<UUID, MediaDownload> mediaDownloads = new LinkedHashMap<>();
    private final Map<UUID, Instant> mediaClaims = new LinkedHashMap<>();

    @Override
    public void enqueue(MediaDownload download) {
        mediaDownloads.put(download.messageId(), download);
    }

    @Override
    public List<MediaDownload> claimDueDownloads(Instant now, int max, Duration lease) {
        List<MediaDownload> claimed = new ArrayList<>();
        for (MediaDownload d : mediaDownloads.values()) {
            Instant until = mediaClaims.get(d.messageId());
            if (d.status() == MediaDownload.Status.PENDING && !d.nextAttemptAt().isAfter(now)
                    && (until == null || !until.isAfter(now)) && claimed.size() < max) {
                mediaClaims.put(d.messageId(), now.plus(lease));
                claimed.add(d);
            }
        }
        return claimed;
    }

    @Override
    public void recordAttempt(MediaDownload download) {
        mediaDownloads.put(download.messageId(), download);
        mediaClaims.remove(download.messageId());
    }

    @Override
    public Optional<MediaDownload> findDownload(UUID messageId) {
        return Optional.ofNullable(mediaDownloads.get(messageId));
    }

    /** An analysis as stored: attached to {@code messageId}, or kept (null) for the channel and customer. */
    public record StoredAnalysis(MessageAnalysis analysis, String channelId, String customerId, UUID messageId) {
    }

    public final List<StoredAnalysis> analyses = new ArrayList<>();

    public final Set<String> events = new HashSet<>();
    public final Map<UUID, Conversation> conversations = new LinkedHashMap<>();
    public final Map<UUID, InboundMessage> inbound = new LinkedHashMap<>();
    public final Map<UUID, OutboundMessage> outbound = new LinkedHashMap<>();
    public final Map<UUID, Instant> claims = new LinkedHashMap<>();
    public final List<StatusReport> kept = new ArrayList<>();
    public final Map<Long, ReplyRule> rules = new LinkedHashMap<>();
    public int transactionsRun;
    private long nextRuleId = 1;
    private long ruleVersion;

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        transactionsRun++;
        return work.get();
    }

    @Override
    public boolean recordIfNew(String eventId, String eventType, Instant receivedAt) {
        return events.add(eventType + "/" + eventId);
    }

    @Override
    public Conversation findOrCreate(String channelId, String customerId, Instant now) {
        return conversations.values().stream()
                .filter(c -> c.channelId().equals(channelId) && c.customerId().equals(customerId))
                .findFirst()
                .orElseGet(() -> {
                    Conversation c = new Conversation(UUID.randomUUID(), channelId, customerId, now, now);
                    conversations.put(c.id(), c);
                    return c;
                });
    }

    @Override
    public Optional<Conversation> find(String channelId, String customerId) {
        return conversations.values().stream()
                .filter(c -> c.channelId().equals(channelId) && c.customerId().equals(customerId))
                .findFirst();
    }

    @Override
    public Optional<UUID> findAnalysed(Conversation conversation, String text, Instant near, Duration window) {
        return inbound.values().stream()
                .filter(m -> m.conversationId().equals(conversation.id()) && text.equals(m.text()))
                .filter(m -> near == null || Duration.between(m.receivedAt(), near).abs().compareTo(window) <= 0)
                .min(Comparator.comparing(m -> near == null ? Duration.ZERO
                        : Duration.between(m.receivedAt(), near).abs()))
                .map(InboundMessage::id);
    }

    @Override
    public void save(MessageAnalysis analysis, String channelId, String customerId, UUID conversationId,
                     UUID messageId) {
        analyses.add(new StoredAnalysis(analysis, channelId, customerId, messageId));
    }

    @Override
    public Optional<MessageAnalysis> attachWaiting(Conversation conversation, InboundMessage message) {
        MessageAnalysis attached = null;
        for (int i = 0; i < analyses.size(); i++) {
            StoredAnalysis a = analyses.get(i);
            if (a.messageId() == null && a.channelId().equals(conversation.channelId())
                    && a.customerId().equals(conversation.customerId())
                    && a.analysis().originalMessage() != null && a.analysis().originalMessage().equals(message.text())) {
                analyses.set(i, new StoredAnalysis(a.analysis(), a.channelId(), a.customerId(), message.id()));
                attached = a.analysis();
            }
        }
        return Optional.ofNullable(attached);
    }

    @Override
    public void touch(Conversation conversation, Instant at) {
        Conversation c = conversations.get(conversation.id());
        if (at.isAfter(c.lastMessageAt())) {
            conversations.put(c.id(), new Conversation(c.id(), c.channelId(), c.customerId(), c.createdAt(), at,
                    c.lastInboundAt(), c.botPausedUntil(), c.botPausedReason()));
        }
    }

    @Override
    public void saveInbound(InboundMessage message) {
        inbound.put(message.id(), message);
    }

    @Override
    public void saveOutbound(OutboundMessage message) {
        outbound.put(message.id(), message);
    }

    @Override
    public Optional<OutboundMessage> lockOutbound(UUID id) {
        return Optional.ofNullable(outbound.get(id));
    }

    @Override
    public Optional<OutboundMessage> lockOutboundByAcsMessageId(String acsMessageId) {
        return outbound.values().stream().filter(m -> acsMessageId.equals(m.acsMessageId())).findFirst();
    }

    @Override
    public void updateOutbound(OutboundMessage message) {
        if (!outbound.containsKey(message.id())) {
            throw new IllegalStateException("no outbound message " + message.id());
        }
        outbound.put(message.id(), message);
    }

    @Override
    public List<OutboundMessage> claimDue(Instant now, int max, Duration lease) {
        List<OutboundMessage> queued = outbound.values().stream()
                .filter(m -> m.status() == DeliveryStatus.QUEUED)
                .sorted(Comparator.comparing(OutboundMessage::createdAt))
                .toList();
        Set<UUID> conversationsSeen = new HashSet<>();
        List<OutboundMessage> claimed = new ArrayList<>();
        for (OutboundMessage m : queued) {
            if (!conversationsSeen.add(m.conversationId())) {
                continue; // an earlier message of this conversation waits: keep the order
            }
            Instant claimedUntil = claims.get(m.id());
            boolean free = claimedUntil == null || !claimedUntil.isAfter(now);
            if (free && !m.nextAttemptAt().isAfter(now) && claimed.size() < max) {
                claims.put(m.id(), now.plus(lease));
                claimed.add(m);
            }
        }
        return claimed;
    }

    @Override
    public int releaseAllClaims() {
        int released = claims.size();
        claims.clear();
        return released;
    }

    @Override
    public void release(OutboundMessage message) {
        claims.remove(message.id());
    }

    @Override
    public void keep(StatusReport report) {
        kept.add(report);
    }

    @Override
    public List<StatusReport> kept(int offset, int limit) {
        List<StatusReport> newestFirst = new ArrayList<>(kept);
        java.util.Collections.reverse(newestFirst);
        return newestFirst.stream().skip(offset).limit(limit).toList();
    }

    @Override
    public List<StatusReport> takeMatched(int max) {
        List<StatusReport> matched = kept.stream()
                .filter(r -> lockOutboundByAcsMessageId(r.acsMessageId()).isPresent())
                .limit(max)
                .toList();
        kept.removeAll(matched);
        return matched;
    }

    @Override
    public List<ReplyRule> findAll() {
        return List.copyOf(rules.values());
    }

    @Override
    public Optional<ReplyRule> findById(long id) {
        return Optional.ofNullable(rules.get(id));
    }

    @Override
    public ReplyRule insert(ReplyRule rule) {
        ReplyRule stored = rule.withId(nextRuleId++);
        rules.put(stored.id(), stored);
        ruleVersion++;
        return stored;
    }

    @Override
    public boolean update(ReplyRule rule) {
        if (!rules.containsKey(rule.id())) {
            return false;
        }
        rules.put(rule.id(), rule);
        ruleVersion++;
        return true;
    }

    @Override
    public boolean delete(long id) {
        ruleVersion++;
        return rules.remove(id) != null;
    }

    @Override
    public long version() {
        return ruleVersion;
    }
}
