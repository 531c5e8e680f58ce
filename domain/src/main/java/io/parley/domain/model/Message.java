package io.parley.domain.model;

import java.time.Instant;
import java.util.UUID;

/** A message of a conversation, in either direction. */
public sealed interface Message permits InboundMessage, OutboundMessage {

    UUID id();

    UUID conversationId();

    Instant createdAt();

    MessageDirection direction();

    /** The readable text of the message, or null when it has none. */
    String text();
}
