package io.parley.domain.port.out;

import io.parley.domain.model.DeliveryStatus;
import io.parley.domain.model.MessageOrigin;
import java.time.Duration;

/** What the outbox reports to whoever watches it (Prometheus in the app). */
public interface DeliveryMetrics {

    void replyQueued(MessageOrigin origin);

    /**
     * One send attempt finished.
     *
     * @param outcome {@code accepted}, {@code retry} or {@code failed}
     * @param lag     how long the reply waited past its due time before the attempt
     */
    void sendFinished(String outcome, Duration lag);

    /** A status reported by the channel; {@code applied} is false for late or repeated reports. */
    void statusReported(DeliveryStatus status, boolean applied);

    /** A held message's answer was decided: with its analysis, without it at the deadline, or in turn. */
    default void answerHeld(io.parley.domain.model.AnswerHold outcome) {
    }

    DeliveryMetrics NONE = new DeliveryMetrics() {
        @Override
        public void replyQueued(MessageOrigin origin) {
        }

        @Override
        public void sendFinished(String outcome, Duration lag) {
        }

        @Override
        public void statusReported(DeliveryStatus status, boolean applied) {
        }
    };
}
