package io.parley.app.admin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.parley.domain.model.FieldError;
import io.parley.domain.model.InvalidRuleException;
import io.parley.domain.model.MatchType;
import io.parley.domain.model.ReplyRule;
import io.parley.domain.model.ReplyType;
import io.parley.domain.model.RuleMatch;
import io.parley.domain.model.RuleReply;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** A rule as the admin API reads and writes it (CONTRACT.md). */
@Serdeable
record RuleDto(@Nullable Long id, @Nullable String name, @Nullable Integer priority, @Nullable Boolean enabled,
               @Nullable Match match, @Nullable Reply reply) {

    static final int DEFAULT_PRIORITY = 100;

    @Serdeable
    record Match(@Nullable String type, @Nullable String value) {
    }

    /** {@code name}/{@code language}/{@code parameters} are the template's; {@code url}/{@code caption} media's. */
    @Serdeable
    record Reply(@Nullable String type, @Nullable String text, @Nullable String url, @Nullable String caption,
                 @Nullable String name, @Nullable String language, @Nullable List<String> parameters) {
    }

    static RuleDto of(ReplyRule rule) {
        RuleReply r = rule.reply();
        return new RuleDto(rule.id(), rule.name(), rule.priority(), rule.enabled(),
                new Match(rule.match().type().name(), rule.match().value()),
                new Reply(r.type().name(), r.text(), r.url(), r.caption(), r.templateName(), r.templateLanguage(),
                        r.templateParameters()));
    }

    /**
     * The domain rule this body describes.
     *
     * @throws InvalidRuleException naming every field that is wrong
     */
    ReplyRule toDomain() {
        List<FieldError> problems = new ArrayList<>();
        MatchType matchType = null;
        ReplyType replyType = null;
        if (match == null) {
            problems.add(new FieldError("match", "is required"));
        } else {
            matchType = parse(MatchType.class, match.type(), "match.type", problems);
        }
        if (reply == null) {
            problems.add(new FieldError("reply", "is required"));
        } else {
            replyType = parse(ReplyType.class, reply.type(), "reply.type", problems);
        }
        if (!problems.isEmpty()) {
            if (name == null || name.isBlank()) {
                problems.add(0, new FieldError("name", "must not be empty"));
            }
            throw new InvalidRuleException(problems);
        }
        return new ReplyRule(id, name, priority == null ? DEFAULT_PRIORITY : priority,
                enabled == null || enabled, new RuleMatch(matchType, match.value()),
                new RuleReply(replyType, reply.text(), reply.url(), reply.caption(), reply.name(), reply.language(),
                        reply.parameters()));
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value, String field, List<FieldError> problems) {
        if (value == null || value.isBlank()) {
            problems.add(new FieldError(field, "is required; one of " + Arrays.toString(type.getEnumConstants())));
            return null;
        }
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(new FieldError(field, "unknown type '" + value + "'; one of "
                    + Arrays.toString(type.getEnumConstants())));
            return null;
        }
    }
}
