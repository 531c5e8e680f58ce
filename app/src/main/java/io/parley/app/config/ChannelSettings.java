package io.parley.app.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import io.parley.domain.model.OutboundContent;
import java.util.List;
import java.util.Optional;

/**
 * {@code parley.channels.<channelId>.*}: settings of one WhatsApp number: the name the console shows for it
 * ({@code PARLEY_CHANNELS_<channelId>_NAME}; admins may give another in the console) and its fallback template
 * ({@code PARLEY_CHANNELS_<channelId>_FALLBACK_TEMPLATE_NAME}, {@code _LANGUAGE}, {@code _PARAMETERS}), sent instead of
 * a free-form reply outside the 24-hour window. Without one, the channel uses {@code parley.window.fallback-template}.
 */
@EachProperty("parley.channels")
public record ChannelSettings(@Parameter String channelId, @Nullable String name,
                              @Nullable FallbackTemplate fallbackTemplate) {

    /** The channel's own template: name, language and body parameters in order (comma-separated in a variable). */
    @ConfigurationProperties("fallback-template")
    record FallbackTemplate(@Nullable String name, @Bindable(defaultValue = "en") String language,
                            @Nullable List<String> parameters) {

        Optional<OutboundContent.Template> template() {
            return ChannelSettings.template(name, language, parameters);
        }
    }

    /** A template from its settings; empty without a name. */
    static Optional<OutboundContent.Template> template(String name, String language, List<String> parameters) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        List<String> values = parameters == null ? List.of()
                : parameters.stream().map(String::strip).filter(p -> !p.isEmpty()).toList();
        return Optional.of(new OutboundContent.Template(name.strip(), language.strip(), values));
    }
}
