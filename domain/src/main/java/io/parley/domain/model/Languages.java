package io.parley.domain.model;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Language names as rules and analyses write them. ACS's analysis names a language in English ("Spanish"), a
 * business may write the code ("es") or the name in any case: both mean the same language. A language is compared
 * by its key: the ISO 639 code when the name or code is known to the JDK, else the name itself, folded.
 */
public final class Languages {

    private static final Map<String, String> CODES = new HashMap<>();

    static {
        for (String code : Locale.getISOLanguages()) {
            String name = Locale.forLanguageTag(code).getDisplayLanguage(Locale.ENGLISH).toLowerCase(Locale.ROOT);
            if (!name.isEmpty() && !name.equals(code)) {
                CODES.putIfAbsent(name, code);
            }
            CODES.putIfAbsent(code, code);
        }
    }

    private Languages() {
    }

    /** The key {@code language} is compared by: "Spanish", "spanish", "es" and "ES" all give "es". */
    public static String key(String language) {
        if (language == null) {
            return null;
        }
        String folded = language.strip().toLowerCase(Locale.ROOT);
        int region = folded.indexOf('-');
        String base = region > 0 && region <= 3 ? folded.substring(0, region) : folded; // "es-MX" is Spanish
        String code = CODES.get(base);
        return code != null ? code : folded;
    }

    /** True when {@code a} and {@code b} name the same language. */
    public static boolean same(String a, String b) {
        return a != null && b != null && key(a).equals(key(b));
    }
}
