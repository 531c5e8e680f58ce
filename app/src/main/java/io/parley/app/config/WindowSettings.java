package io.parley.app.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import io.parley.domain.model.OutboundContent;
import java.util.List;
import java.util.Optional;

/**
 * {@code parley.window.*} (PARLEY_WINDOW_*): the customer service window; {@code fallback-template} is the approved
 * template every channel sends instead of a free-form reply once the window has closed, unless the channel has its
 * own ({@link ChannelSettings}).
 */
@ConfigurationProperties("parley.window")
record WindowSettings(@Nullable FallbackTemplate fallbackTemplate) {

    /** Name, language and body parameters in order (comma-separated in a variable). A type of its own, so that
     * it is never confused with a channel's. */
    @ConfigurationProperties("fallback-template")
    record FallbackTemplate(@Nullable String name, @Bindable(defaultValue = "en") String language,
                            @Nullable List<String> parameters) {

        Optional<OutboundContent.Template> template() {
            return ChannelSettings.template(name, language, parameters);
        }
    }
}
