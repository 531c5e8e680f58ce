package io.parley.adapters.eventgrid;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded mutations of real deliveries, the kind a broken or hostile sender produces: truncation, wrong types, deep
 * nesting, huge strings, invalid UTF-8, duplicated keys, a missing data object, dropped characters.
 */
public final class DeliveryMutations {

    private DeliveryMutations() {
    }

    public static byte[] mutate(String seed, Random random, int round) {
        String s = seed.replace("00000000-0000-0000-0000-000000000000", "m" + round);
        switch (random.nextInt(9)) {
            case 0 -> {
                return s.substring(0, random.nextInt(s.length())).getBytes(StandardCharsets.UTF_8);
            }
            case 1 -> s = s.replaceFirst("\"[a-zA-Z]+\"", random.nextBoolean() ? "42" : "[]");
            case 2 -> s = s.replace("\"data\": {", "\"data\": " + "[".repeat(2000) + "]".repeat(2000)
                    + ", \"x\": {");
            case 3 -> s = s.replaceFirst(": \"[^\"]*\"", ": \"" + "ü".repeat(1 + random.nextInt(3000)) + "\"");
            case 4 -> {
                byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
                bytes[random.nextInt(bytes.length)] = (byte) (0x80 + random.nextInt(0x7F));
                return bytes;
            }
            case 5 -> s = s.replace("\"id\":", "\"id\": \"dup\", \"id\":");
            case 6 -> s = s.replace("\"data\":", "\"data\": null, \"ignored\":");
            case 7 -> {
                List<Character> chars = new ArrayList<>();
                for (char c : s.toCharArray()) {
                    chars.add(c);
                }
                chars.remove(random.nextInt(chars.size()));
                StringBuilder b = new StringBuilder();
                chars.forEach(b::append);
                s = b.toString();
            }
            default -> s = s.replace("\"eventType\"", random.nextBoolean() ? "\"eventtype\"" : "\"eventType\"")
                    .replace("Hello", "{\"nested\": true}");
        }
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
