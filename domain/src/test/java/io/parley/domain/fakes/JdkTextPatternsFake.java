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
            return text -> compiled.matcher(text).find();
        } catch (PatternSyntaxException e) {
            throw new InvalidPatternException(e.getDescription(), e.getIndex());
        }
    }
}
