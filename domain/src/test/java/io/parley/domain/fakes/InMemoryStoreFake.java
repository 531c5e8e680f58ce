package io.parley.domain.fakes;

import io.parley.domain.model.Conversation;
import io.parley.domain.model.ConversationKey;
import io.parley.domain.model.DeliveryStatus;
import io.parley.domain.model.InboundMessage;
import io.parley.domain.model.MediaDownload;
import io.parley.domain.model.Message;
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
import java.util.BitSet;
import java.util.Collection;
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
    public void appendAll(List<StatusChange> changes) {
        history.addAll(changes);
    }

    @Override
    public List<StatusChange> history(UUID messageId) {
        return history.stream().filter(c -> c.messageId().equals(messageId)).toList();
    }

    /** Silences the bot in a conversation, as the guards do. */
    public void pauseBot(UUID conversationId, String reason, Instant until) {
        Conversation c = conversations.get(conversationId);
        conversations.put(c.id(), c.botPausedUntil(reason, until));
    }

    @Override
    public boolean releaseBot(UUID conversationId) {
        Conversation c = conversations.get(conversationId);
        if (c == null) {
            return false;
        }
        conversations.put(c.id(), c.botPausedUntil(null, null));
        return true;
    }

    @Override
    public Optional<Instant> lastReplyOfRule(UUID conversationId, long ruleId) {
        return outbound.values().stream()
                .filter(m -> m.conversationId().equals(conversationId) && Long.valueOf(ruleId).equals(m.ruleId()))
                .map(OutboundMessage::createdAt).max(Comparator.naturalOrder());
    }

    @Override
    public Optional<Conversation> get(UUID id) {
        return Optional.ofNullable(conversations.get(id));
    }

    @Override
    public Map<UUID, Conversation> getAll(Collection<UUID> ids) {
        Map<UUID, Conversation> found = new LinkedHashMap<>();
        ids.forEach(id -> Optional.ofNullable(conversations.get(id)).ifPresent(c -> found.put(id, c)));
        return found;
    }

    /** Sets up a conversation whose customer last wrote at {@code at} (the service does this on every message). */
    public void touchInbound(Conversation conversation, Instant at) {
        Conversation c = conversations.get(conversation.id());
        conversations.put(c.id(), c.customerWrote(null, at));
    }

    @Override
    public Map<ConversationKey, Conversation> lockOrCreate(Collection<ConversationKey> keys, Instant now) {
        Map<ConversationKey, Conversation> found = new LinkedHashMap<>();
        keys.forEach(key -> found.put(key, findOrCreate(key.channelId(), key.customerId(), now)));
        return found;
    }

    @Override
    public void saveAll(Collection<Conversation> changed) {
        for (Conversation c : changed) {
            if (!conversations.containsKey(c.id())) {
                throw new IllegalStateException("no conversation " + c.id());
            }
            conversations.put(c.id(), c);
        }
    }

    public final Map<UUID, MediaDownload> mediaDownloads = new LinkedHashMap<>();
    private final Map<UUID, Instant> mediaClaims = new LinkedHashMap<>();

    @Override
    public void enqueueAll(List<MediaDownload> downloads) {
        downloads.forEach(d -> mediaDownloads.put(d.messageId(), d));
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

    @Override
    public List<WaitingAnalysis> waitingFor(Collection<ConversationKey> keys) {
        List<WaitingAnalysis> waiting = new ArrayList<>();
        for (int i = 0; i < analyses.size(); i++) {
            StoredAnalysis a = analyses.get(i);
            ConversationKey key = new ConversationKey(a.channelId(), a.customerId());
            if (a.messageId() == null && keys.contains(key)) {
                waiting.add(new WaitingAnalysis(i, key, a.analysis()));
            }
        }
        return waiting;
    }

    @Override
    public void attachAll(List<Attachment> attachments) {
        for (Attachment attachment : attachments) {
            StoredAnalysis a = analyses.get((int) attachment.analysisId());
            analyses.set((int) attachment.analysisId(),
                    new StoredAnalysis(a.analysis(), a.channelId(), a.customerId(), attachment.messageId()));
        }
    }

    public final List<StoredAnalysis> analyses = new ArrayList<>();
    public final Map<String, Instant> channelAnalyses = new LinkedHashMap<>();

    @Override
    public void channelAnalysed(String channelId, Instant at) {
        channelAnalyses.merge(channelId, at, (a, b) -> a.isAfter(b) ? a : b);
    }

    @Override
    public Optional<Instant> lastAnalysisAt(String channelId) {
        return Optional.ofNullable(channelAnalyses.get(channelId));
    }

    @Override
    public Map<UUID, InboundMessage> inbound(Collection<UUID> ids) {
        Map<UUID, InboundMessage> found = new LinkedHashMap<>();
        for (UUID id : ids) {
            InboundMessage m = inbound.get(id);
            if (m != null) {
                MessageAnalysis latest = null;
                for (StoredAnalysis a : analyses) {
                    if (id.equals(a.messageId())) {
                        latest = a.analysis();
                    }
                }
                found.put(id, m.withAnalysis(latest));
            }
        }
        return found;
    }

    @Override
    public void markAnswers(Map<UUID, io.parley.domain.model.AnswerHold> holds,
                            Map<UUID, io.parley.domain.model.AnswerKind> answers) {
        holds.forEach((id, hold) -> inbound.computeIfPresent(id, (k, m) -> m.withHold(hold)));
        answers.forEach((id, answer) -> inbound.computeIfPresent(id, (k, m) -> m.answered(answer)));
    }

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
    public BitSet recordNew(List<LoggedEvent> logged) {
        BitSet fresh = new BitSet(logged.size());
        for (int i = 0; i < logged.size(); i++) {
            fresh.set(i, events.add(logged.get(i).kind() + "/" + logged.get(i).eventId()));
        }
        return fresh;
    }

    /** The conversation of the channel and customer, created at {@code now} when there is none. */
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
    public void touch(Conversation conversation, Instant at) {
        Conversation c = conversations.get(conversation.id());
        if (at.isAfter(c.lastMessageAt())) {
            conversations.put(c.id(), new Conversation(c.id(), c.channelId(), c.customerId(), c.createdAt(), at,
                    c.lastInboundAt(), c.botPausedUntil(), c.botPausedReason(), c.activity(), c.offer(), c.flow(),
                    c.held(), c.optedOutAt()));
        }
    }

    @Override
    public void saveAll(List<? extends Message> messages) {
        for (Message message : messages) {
            if (message instanceof InboundMessage in) {
                inbound.put(in.id(), in);
            } else {
                outbound.put(message.id(), (OutboundMessage) message);
            }
        }
    }

    @Override
    public Map<UUID, OutboundMessage> lockOutbound(Collection<UUID> ids) {
        Map<UUID, OutboundMessage> found = new LinkedHashMap<>();
        ids.forEach(id -> Optional.ofNullable(outbound.get(id)).ifPresent(m -> found.put(id, m)));
        return found;
    }

    @Override
    public Map<String, OutboundMessage> lockOutboundByAcsMessageIds(Collection<String> acsMessageIds) {
        Map<String, OutboundMessage> found = new LinkedHashMap<>();
        for (OutboundMessage m : outbound.values()) {
            if (m.acsMessageId() != null && acsMessageIds.contains(m.acsMessageId())) {
                found.put(m.acsMessageId(), m);
            }
        }
        return found;
    }

    @Override
    public Map<String, OutboundMessage> findOutboundByAcsMessageIds(Collection<String> acsMessageIds) {
        return lockOutboundByAcsMessageIds(acsMessageIds);
    }

    @Override
    public void updateOutboundAll(Collection<OutboundMessage> messages) {
        for (OutboundMessage message : messages) {
            if (!outbound.containsKey(message.id())) {
                throw new IllegalStateException("no outbound message " + message.id());
            }
            outbound.put(message.id(), message);
        }
    }

    @Override
    public void record(Collection<OutboundMessage> outcomes) {
        updateOutboundAll(outcomes);
        outcomes.forEach(m -> claims.remove(m.id()));
    }

    @Override
    public void claim(Collection<OutboundMessage> attempts, Instant until) {
        for (OutboundMessage attempt : attempts) {
            outbound.put(attempt.id(), attempt);
            claims.put(attempt.id(), until);
        }
    }

    @Override
    public List<OutboundMessage> lockDue(Instant now, int max) {
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
                claimed.add(m);
            }
        }
        return claimed;
    }

    /** Whether the store says no other process can use it (an embedded database). */
    public boolean soleUser = true;

    @Override
    public boolean soleUser() {
        return soleUser;
    }

    @Override
    public int releaseAllClaims() {
        int released = claims.size();
        claims.clear();
        return released;
    }

    @Override
    public void keepAll(List<StatusReport> reports) {
        kept.addAll(reports);
    }

    @Override
    public List<StatusReport> kept(int offset, int limit) {
        List<StatusReport> newestFirst = new ArrayList<>(kept);
        java.util.Collections.reverse(newestFirst);
        return newestFirst.stream().skip(offset).limit(limit).toList();
    }

    @Override
    public List<StatusReport> takeFor(Collection<String> acsMessageIds) {
        List<StatusReport> taken = kept.stream().filter(r -> acsMessageIds.contains(r.acsMessageId())).toList();
        kept.removeAll(taken);
        return taken;
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
