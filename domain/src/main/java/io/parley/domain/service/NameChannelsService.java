package io.parley.domain.service;

import io.parley.domain.model.AuditAction;
import io.parley.domain.model.ChannelName;
import io.parley.domain.model.FieldError;
import io.parley.domain.model.InvalidRuleException;
import io.parley.domain.port.in.NameChannelsUseCase;
import io.parley.domain.port.out.ChannelNamePort;
import io.parley.domain.port.out.TransactionPort;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

public final class NameChannelsService implements NameChannelsUseCase {

    /** Channel ids are ACS's channel registration ids (GUIDs); longer ones are no channel's. */
    static final int MAX_ID_LENGTH = 255;

    private final TransactionPort transactions;
    private final ChannelNamePort names;
    private final AuditTrail audit;
    private final Clock clock;

    public NameChannelsService(TransactionPort transactions, ChannelNamePort names, AuditTrail audit, Clock clock) {
        this.transactions = transactions;
        this.names = names;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public Optional<ChannelName> name(String channelId, String name, String actor) {
        if (channelId == null || channelId.isBlank() || channelId.length() > MAX_ID_LENGTH) {
            throw new InvalidRuleException(List.of(new FieldError("channelId", "must be a channel's id")));
        }
        String id = channelId.strip();
        return transactions.inTransaction(() -> {
            if (name == null || name.isBlank()) {
                if (names.remove(id)) {
                    audit.record(actor, AuditAction.CHANNEL_NAMED, "channel " + id, "its name removed");
                }
                return Optional.empty();
            }
            ChannelName named = new ChannelName(id, name, clock.instant(), actor);
            names.put(named);
            audit.record(actor, AuditAction.CHANNEL_NAMED, "channel " + id, "named \u201c" + named.name() + "\u201d");
            return Optional.of(named);
        });
    }
}
