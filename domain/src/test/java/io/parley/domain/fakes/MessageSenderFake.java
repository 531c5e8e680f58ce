package io.parley.domain.fakes;

import io.parley.domain.model.OutboundMessage;
import io.parley.domain.port.out.MessageSender;
import io.parley.domain.port.out.SendFailedException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** Records every message it is handed; answers with scripted failures first, then with receipts. */
public class MessageSenderFake implements MessageSender {

    public final List<OutboundMessage> sent = new ArrayList<>();
    private final Deque<SendFailedException> failures = new ArrayDeque<>();
    private int receipts;

    public MessageSenderFake failNext(SendFailedException failure) {
        failures.add(failure);
        return this;
    }

    @Override
    public String send(OutboundMessage message) throws SendFailedException {
        sent.add(message);
        SendFailedException failure = failures.poll();
        if (failure != null) {
            throw failure;
        }
        return "receipt-" + (++receipts);
    }
}
