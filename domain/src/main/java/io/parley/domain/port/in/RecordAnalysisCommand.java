package io.parley.domain.port.in;

import io.parley.domain.model.MessageAnalysis;
import java.util.Objects;

/** ACS analysed a message that {@code customerId} sent to {@code channelId}. */
public record RecordAnalysisCommand(String eventId, String channelId, String customerId, MessageAnalysis analysis)
        implements EventCommand {

    public RecordAnalysisCommand {
        ReceiveMessageCommand.requireText(eventId, "eventId");
        ReceiveMessageCommand.requireText(channelId, "channelId");
        ReceiveMessageCommand.requireText(customerId, "customerId");
        Objects.requireNonNull(analysis, "analysis");
    }
}
