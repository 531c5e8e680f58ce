package io.parley.domain.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The name people know a WhatsApp number (a channel) by, shown in the console instead of its id.
 *
 * @param updatedBy who gave it (the username; {@code settings} for a name from Parley's settings)
 */
public record ChannelName(String channelId, String name, Instant updatedAt, String updatedBy) {

    public static final int MAX_LENGTH = 60;

    public ChannelName {
        Objects.requireNonNull(channelId, "channelId");
        List<FieldError> problems = problems(name);
        if (!problems.isEmpty()) {
            throw new InvalidRuleException(problems);
        }
        name = name.strip();
    }

    /** What is wrong with {@code name} as a channel's name (nothing: empty). */
    public static List<FieldError> problems(String name) {
        if (name == null || name.isBlank()) {
            return List.of(new FieldError("name", "must not be empty"));
        }
        if (name.strip().codePointCount(0, name.strip().length()) > MAX_LENGTH) {
            return List.of(new FieldError("name", "must be at most " + MAX_LENGTH + " characters"));
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            return List.of(new FieldError("name", "must be one line of text"));
        }
        return List.of();
    }
}
