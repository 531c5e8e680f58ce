package io.parley.domain.fakes;

import io.parley.domain.model.JsonDocuments;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test-only JSON for flat objects of strings and numbers ({@code {"status": "shipped", "eta": 2}}): pointers of one
 * level. The app's adapter reads real JSON with Jackson and is tested against it.
 */
public class TinyJsonFake implements JsonDocuments {

    private static final Pattern MEMBER = Pattern.compile("\"([^\"]+)\"\\s*:\\s*(\"([^\"]*)\"|[-0-9.]+|true|false)");

    @Override
    public String problem(String json) {
        String s = json.strip();
        return s.startsWith("{") && s.endsWith("}") || s.startsWith("[") && s.endsWith("]") ? null
                : "not an object or array";
    }

    @Override
    public Map<String, String> pick(String json, Map<String, String> pointers) {
        Map<String, String> members = new LinkedHashMap<>();
        Matcher m = MEMBER.matcher(json == null ? "" : json);
        while (m.find()) {
            members.put("/" + m.group(1), m.group(3) != null ? m.group(3) : m.group(2));
        }
        Map<String, String> found = new LinkedHashMap<>();
        pointers.forEach((variable, pointer) -> {
            if (members.containsKey(pointer)) {
                found.put(variable, members.get(pointer));
            }
        });
        return found;
    }
}
