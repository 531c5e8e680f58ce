package io.parley.domain.port.out;

import io.parley.domain.model.OutboundMessage;

/** Hands an outbound message to the WhatsApp channel. */
public interface MessageSender {

    /**
     * Sends {@code message}, using its id as the repeatability id and its first attempt time as the first-sent
     * time, so that sending the same message again can never deliver it twice.
     *
     * @return the channel's receipt id for the message
     * @throws SendFailedException when the channel did not take the message
     */
    String send(OutboundMessage message) throws SendFailedException;
}
