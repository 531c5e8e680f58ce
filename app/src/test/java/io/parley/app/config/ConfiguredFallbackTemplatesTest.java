package io.parley.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.context.ApplicationContext;
import io.parley.domain.model.OutboundContent;
import io.parley.domain.port.out.FallbackTemplates;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The fallback templates as an operator sets them: one for every channel, one of a channel's own. */
class ConfiguredFallbackTemplatesTest {

    private static Optional<OutboundContent.Template> templates(Map<String, Object> settings, String channel) {
        Map<String, Object> all = new java.util.HashMap<>(settings);
        try {
            all.put("parley.data-dir", java.nio.file.Files.createTempDirectory("parley-templates").toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        all.put("parley.dispatcher.enabled", "false");
        try (ApplicationContext context = ApplicationContext.run(all)) {
            return context.getBean(FallbackTemplates.class).forChannel(channel);
        }
    }

    @Test
    void aChannelsOwnTemplateWinsOverTheOneForEveryChannel() {
        Map<String, Object> settings = Map.of(
                "parley.window.fallback-template.name", "we_are_back",
                "parley.window.fallback-template.parameters", "Parley, 24 hours",
                "parley.channels.chan-2.fallback-template.name", "hola_de_nuevo",
                "parley.channels.chan-2.fallback-template.language", "es",
                "parley.channels.chan-4.fallback-template.name", "wieder_da",
                "parley.channels.chan-4.fallback-template.language", "de");
        assertEquals(Optional.of(new OutboundContent.Template("we_are_back", "en", List.of("Parley", "24 hours"))),
                templates(settings, "chan-1"));
        assertEquals(Optional.of(new OutboundContent.Template("hola_de_nuevo", "es", List.of())),
                templates(settings, "chan-2"));
        assertEquals(Optional.of(new OutboundContent.Template("wieder_da", "de", List.of())),
                templates(settings, "chan-4"), "each channel has its own");
    }

    @Test
    void withoutAnyTheReplyHasNoFallback() {
        assertEquals(Optional.empty(), templates(Map.of(), "chan-1"));
        assertEquals(Optional.empty(), templates(Map.of("parley.channels.chan-3.fallback-template.language", "de"),
                "chan-3"), "a template needs a name");
    }
}
