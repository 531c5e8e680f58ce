package io.parley.adapters.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.parley.domain.model.InteractiveParts;
import io.parley.domain.model.ReplyType;
import io.parley.domain.model.RuleReply;
import java.util.List;
import java.util.Map;

/** A flow step's message as stored in a flow's definition: a rule reply's fields, as the API names them. */
@Serdeable
record ReplyJson(String type, @Nullable String text, @Nullable String url, @Nullable String caption,
                 @Nullable String name, @Nullable String language, @Nullable List<String> parameters,
                 @Nullable Map<String, String> variants, @Nullable InteractiveJson interactive) {

    static ReplyJson of(RuleReply r) {
        return r == null ? null : new ReplyJson(r.type().name(), r.text(), r.url(), r.caption(), r.templateName(),
                r.templateLanguage(), r.templateParameters().isEmpty() ? null : r.templateParameters(),
                r.variants().isEmpty() ? null : r.variants(),
                r.interactive().isEmpty() ? null : InteractiveJson.of(r.interactive()));
    }

    RuleReply toDomain() {
        return new RuleReply(ReplyType.valueOf(type), text, url, caption, name, language, parameters, variants,
                interactive == null ? InteractiveParts.NONE : interactive.toParts());
    }
}
