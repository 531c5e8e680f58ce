package io.parley.app.config;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.parley.domain.model.ConsentPolicy;
import jakarta.inject.Singleton;
import java.util.Arrays;
import java.util.List;

/**
 * {@code PARLEY_OPT_OUT_KEYWORDS}, {@code PARLEY_OPT_IN_KEYWORDS} (comma-separated), {@code PARLEY_OPT_OUT_REPLY}
 * and {@code PARLEY_OPT_IN_REPLY}: what a customer opts out and in with, and what they are told. Defaults in
 * {@link ConsentPolicy}; {@code PARLEY_CONSENT_KEYWORDS_ENABLED=false} turns both off (a business that handles
 * opt-outs elsewhere). A setting out of range stops the start.
 */
@Factory
class ConsentSettings {

    @Singleton
    @io.micronaut.context.annotation.Context
    ConsentPolicy consentPolicy(@Value("${parley.opt-out-keywords:}") String optOut,
                                @Value("${parley.opt-in-keywords:}") String optIn,
                                @Value("${parley.opt-out-reply:}") String optOutReply,
                                @Value("${parley.opt-in-reply:}") String optInReply,
                                @Value("${parley.consent-keywords.enabled:true}") boolean enabled) {
        boolean off = !enabled;
        try {
            return new ConsentPolicy(off ? List.of() : keywords(optOut, ConsentPolicy.DEFAULT_OPT_OUT),
                    off ? List.of() : keywords(optIn, ConsentPolicy.DEFAULT_OPT_IN),
                    reply(optOutReply, ConsentPolicy.DEFAULT_OPT_OUT_REPLY, "PARLEY_OPT_OUT_REPLY"),
                    reply(optInReply, ConsentPolicy.DEFAULT_OPT_IN_REPLY, "PARLEY_OPT_IN_REPLY"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("PARLEY_OPT_OUT_KEYWORDS / PARLEY_OPT_IN_KEYWORDS: " + e.getMessage(), e);
        }
    }

    private static List<String> keywords(String configured, List<String> defaults) {
        if (configured == null || configured.isBlank()) {
            return defaults;
        }
        return Arrays.stream(configured.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static String reply(String configured, String fallback, String name) {
        if (configured == null || configured.isBlank()) {
            return fallback;
        }
        if (configured.length() > 1024) {
            throw new IllegalArgumentException(name + " must be at most 1024 characters");
        }
        return configured;
    }
}
