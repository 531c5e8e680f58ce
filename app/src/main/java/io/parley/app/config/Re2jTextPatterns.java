package io.parley.app.config;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.parley.domain.model.TextPatterns;
import jakarta.inject.Singleton;

/** The domain's {@link TextPatterns} on RE2J: matching time is linear in the text, whatever the pattern. */
@Singleton
class Re2jTextPatterns implements TextPatterns {

    @Override
    public TextPattern compile(String pattern) {
        try {
            Pattern compiled = Pattern.compile(pattern, Pattern.CASE_INSENSITIVE);
            return new TextPattern() {
                @Override
                public boolean find(String text) {
                    return compiled.matcher(text).find();
                }

                @Override
                public String extract(String text) {
                    com.google.re2j.Matcher m = compiled.matcher(text);
                    if (!m.find()) {
                        return null;
                    }
                    return m.groupCount() > 0 && m.group(1) != null ? m.group(1) : m.group();
                }
            };
        } catch (PatternSyntaxException e) {
            String bad = e.getPattern();
            if (bad != null && bad.startsWith("(?i)")) {
                bad = bad.substring(4); // the flag RE2J prepends for CASE_INSENSITIVE
            }
            int position = bad == null || bad.isEmpty() ? -1 : pattern.lastIndexOf(bad);
            if (position >= 0 && e.getDescription().startsWith("missing closing )")) {
                position = unmatchedParenthesis(pattern, position);
            }
            throw new InvalidPatternException(e.getDescription() + (bad == null || bad.isEmpty() ? ""
                    : " near '" + bad + "'"), position);
        }
    }

    /** The position of the last '(' that is never closed, from {@code from} on. */
    private static int unmatchedParenthesis(String pattern, int from) {
        java.util.ArrayDeque<Integer> open = new java.util.ArrayDeque<>();
        for (int i = from; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '(') {
                open.push(i);
            } else if (c == ')' && !open.isEmpty()) {
                open.pop();
            }
        }
        return open.isEmpty() ? from : open.peek();
    }
}
