package io.parley.adapters.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

@MappedEntity("reply_rule")
record ReplyRuleEntity(@Id @GeneratedValue @Nullable Long id,
                       String name,
                       int priority,
                       boolean enabled,
                       String matchType,
                       @Nullable String matchValue,
                       String replyType,
                       @Nullable String replyText,
                       @Nullable String replyUrl,
                       @Nullable String replyCaption,
                       @Nullable String templateName,
                       @Nullable String templateLanguage,
                       @Nullable String templateParameters,
                       Instant createdAt,
                       Instant updatedAt,
                       @Nullable String conditions,
                       @Nullable String variants,
                       @Nullable Long cooldownSeconds,
                       @Nullable String replyInteractive,
                       @Nullable Long replyFlowId,
                       boolean interruptsFlow) {
}
