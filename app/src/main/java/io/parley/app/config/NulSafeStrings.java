package io.parley.app.config;

import io.micronaut.core.type.Argument;
import io.micronaut.serde.Decoder;
import io.micronaut.serde.Deserializer;
import jakarta.inject.Singleton;
import java.io.IOException;

/**
 * Every string of a JSON body the admin API reads: U+0000, which PostgreSQL cannot store in text, becomes U+FFFD,
 * as the webhook does with what customers write, so that a rule or an agent's message with one is stored the same on
 * every database and never fails with a database error.
 */
@Singleton
class NulSafeStrings implements Deserializer<String> {

    static final char REPLACEMENT = '\uFFFD';

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

    static String clean(String text) {
        return text == null || text.indexOf('\u0000') < 0 ? text : text.replace('\u0000', REPLACEMENT);
    }
}
