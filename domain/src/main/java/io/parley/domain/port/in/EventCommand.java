package io.parley.domain.port.in;

/** What one Event Grid event asks of Parley; the event's id makes a redelivery a no-op. */
public sealed interface EventCommand
        permits ReceiveMessageCommand, RecordDeliveryStatusCommand, RecordAnalysisCommand, RecordOtherEventCommand {

    String eventId();
}
