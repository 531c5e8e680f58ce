package io.parley.domain.fakes;

import io.parley.domain.model.TextPatterns;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Test-only stand-in for the RE2 engine (the domain tests use simple patterns only). */
public class JdkTextPatternsFake implements TextPatterns {

    @Override
    public TextPattern compile(String pattern) {
        try {
            Pattern compiled = Pattern.compile(pattern, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
            return new TextPattern() {
                @Override
                public boolean find(String text) {
                    return compiled.matcher(text).find();
                }

                @Override
                public String extract(String text) {
                    java.util.regex.Matcher m = compiled.matcher(text);
                    if (!m.find()) {
                        return null;
                    }
                    return m.groupCount() > 0 && m.group(1) != null ? m.group(1) : m.group();
                }
            };
        } catch (PatternSyntaxException e) {
            throw new InvalidPatternException(e.getDescription(), e.getIndex());
        }
    }
}
