package io.parley.domain.port.in;

import java.util.Optional;
import java.util.UUID;

/** Takes in a customer's message: stores it and queues the reply the rules choose, in one transaction. */
public interface ReceiveMessageUseCase {

    Result receive(ReceiveMessageCommand command);

    /**
     * @param duplicate true when the event was taken in before and nothing changed
     * @param replyId     the queued reply, when a rule answered
     * @param mediaQueued true when the message's media waits to be downloaded
     */
    record Result(boolean duplicate, UUID inboundId, Optional<UUID> replyId, boolean mediaQueued) {

        public Result(boolean duplicate, UUID inboundId, Optional<UUID> replyId) {
            this(duplicate, inboundId, replyId, false);
        }

        public static Result ofDuplicate() {
            return new Result(true, null, Optional.empty(), false);
        }
    }
}
