package io.parley.app.config;

import io.micronaut.core.type.Argument;
import io.micronaut.serde.Decoder;
import io.micronaut.serde.Deserializer;
import io.parley.domain.model.StorableText;
import jakarta.inject.Singleton;
import java.io.IOException;

/**
 * Every string of a JSON body the admin API reads follows {@link StorableText}'s rule for U+0000, as the webhook
 * does with what customers write, so that a rule or an agent's message with one is stored the same on every
 * database and never fails with a database error.
 */
@Singleton
class NulSafeStrings implements Deserializer<String> {

    @Override
    public String deserialize(Decoder decoder, DecoderContext context, Argument<? super String> type)
            throws IOException {
        return clean(decoder.decodeString());
    }

    @Override
    public String deserializeNullable(Decoder decoder, DecoderContext context, Argument<? super String> type)
            throws IOException {
        return decoder.decodeNull() ? null : clean(decoder.decodeString());
    }

    private static String clean(String text) {
        return StorableText.of(text);
    }
}
