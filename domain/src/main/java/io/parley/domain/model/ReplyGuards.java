package io.parley.domain.model;

import java.time.Duration;

/**
 * What keeps the bot from spamming: at most {@code maxRepliesPerMinute} rule replies per conversation per minute
 * (then it goes quiet for {@code quietFor}); the same customer text {@code loopThreshold} times in a row means
 * another bot is answering ours (quiet for {@code quietFor}); a handoff silences it for {@code handoffTimeout}
 * unless released earlier; a person's message to the customer silences it for {@code agentQuietFor} after the
 * person's last message (zero: never), so that the bot never talks over a person.
 */
public record ReplyGuards(int maxRepliesPerMinute, int loopThreshold, Duration quietFor, Duration handoffTimeout,
                          Duration agentQuietFor) {

    public static final Duration AGENT_QUIET_FOR = Duration.ofMinutes(30);
    public static final ReplyGuards DEFAULT = new ReplyGuards(20, 8, Duration.ofHours(1), Duration.ofHours(24));

    public ReplyGuards {
        if (maxRepliesPerMinute < 1 || loopThreshold < 2) {
            throw new IllegalArgumentException("at least 1 reply a minute, and a loop needs at least 2 messages");
        }
        if (agentQuietFor == null || agentQuietFor.isNegative()) {
            throw new IllegalArgumentException("the quiet time after an agent's message is zero or more");
        }
    }

    public ReplyGuards(int maxRepliesPerMinute, int loopThreshold, Duration quietFor, Duration handoffTimeout) {
        this(maxRepliesPerMinute, loopThreshold, quietFor, handoffTimeout, AGENT_QUIET_FOR);
    }
}
