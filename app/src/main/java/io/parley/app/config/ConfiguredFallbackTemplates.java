package io.parley.app.config;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.env.Environment;
import io.micronaut.core.annotation.Nullable;
import io.parley.domain.model.OutboundContent;
import io.parley.domain.port.out.FallbackTemplates;
import jakarta.inject.Singleton;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The approved template sent instead of a free-form reply outside the 24-hour customer service window:
 * {@code parley.window.fallback-template.name/language/parameters} for every channel, overridden per channel by
 * {@code parley.channels.<channelId>.fallback-template.name/language/parameters}.
 */
@Singleton
class ConfiguredFallbackTemplates implements FallbackTemplates {

    private final Environment environment;
    private final OutboundContent.Template defaultTemplate;

    ConfiguredFallbackTemplates(Environment environment,
                                @Value("${parley.window.fallback-template.name:}") @Nullable String name,
                                @Value("${parley.window.fallback-template.language:en}") String language,
                                @Value("${parley.window.fallback-template.parameters:}") @Nullable String params) {
        this.environment = environment;
        this.defaultTemplate = template(name, language, params);
    }

    @Override
    public Optional<OutboundContent.Template> forChannel(String channelId) {
        String prefix = "parley.channels." + channelId + ".fallback-template.";
        OutboundContent.Template perChannel = template(
                environment.getProperty(prefix + "name", String.class).orElse(null),
                environment.getProperty(prefix + "language", String.class).orElse("en"),
                environment.getProperty(prefix + "parameters", String.class).orElse(null));
        return Optional.ofNullable(perChannel != null ? perChannel : defaultTemplate);
    }

    private static OutboundContent.Template template(String name, String language, String parameters) {
        if (name == null || name.isBlank()) {
            return null;
        }
        List<String> values = parameters == null || parameters.isBlank() ? List.of()
                : Arrays.stream(parameters.split(",")).map(String::strip).toList();
        return new OutboundContent.Template(name.strip(), language.strip(), values);
    }
}
