package io.parley.app.config;

import io.micronaut.core.type.Argument;
import io.micronaut.serde.Decoder;
import io.micronaut.serde.Deserializer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * Whole-number fields of the admin API's JSON ({@code priority}, {@code cooldownMinutes}, ...) take whole numbers
 * only: {@code 1.5} is refused with 400 naming the field, where a lenient reader would have stored 1.
 */
final class WholeNumbers {

    private WholeNumbers() {
    }

    static BigDecimal whole(Decoder decoder, Argument<?> field, BigDecimal min, BigDecimal max) throws IOException {
        BigDecimal value;
        try {
            value = decoder.decodeBigDecimal();
        } catch (IOException | RuntimeException notANumber) {
            throw new FieldValueException(field.getName(), "must be a whole number");
        }
        if (value.signum() != 0 && value.stripTrailingZeros().scale() > 0) {
            throw new FieldValueException(field.getName(), "must be a whole number, not " + value.toPlainString());
        }
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new FieldValueException(field.getName(), "must be between " + min + " and " + max);
        }
        return value;
    }

    @Singleton
    static final class Integers implements Deserializer<Integer> {
        private static final BigDecimal MIN = BigDecimal.valueOf(Integer.MIN_VALUE);
        private static final BigDecimal MAX = BigDecimal.valueOf(Integer.MAX_VALUE);

        @Override
        public Integer deserialize(Decoder decoder, DecoderContext context, Argument<? super Integer> type)
                throws IOException {
            return whole(decoder, type, MIN, MAX).intValue();
        }

        @Override
        public Integer deserializeNullable(Decoder decoder, DecoderContext context, Argument<? super Integer> type)
                throws IOException {
            return decoder.decodeNull() ? null : deserialize(decoder, context, type);
        }
    }

    @Singleton
    static final class Longs implements Deserializer<Long> {
        private static final BigDecimal MIN = BigDecimal.valueOf(Long.MIN_VALUE);
        private static final BigDecimal MAX = BigDecimal.valueOf(Long.MAX_VALUE);

        @Override
        public Long deserialize(Decoder decoder, DecoderContext context, Argument<? super Long> type)
                throws IOException {
            return whole(decoder, type, MIN, MAX).longValue();
        }

        @Override
        public Long deserializeNullable(Decoder decoder, DecoderContext context, Argument<? super Long> type)
                throws IOException {
            return decoder.decodeNull() ? null : deserialize(decoder, context, type);
        }
    }
}
