package io.parley.domain.model;

/**
 * Regular expressions written by business users, compiled by an engine that runs in linear time (RE2): a user's
 * pattern must never be able to stall the server, so the JDK's backtracking engine is not an option.
 */
public interface TextPatterns {

    /**
     * @throws InvalidPatternException naming the position of the error
     */
    TextPattern compile(String pattern);

    /** A compiled pattern. Matching is case-insensitive and finds the pattern anywhere in the text. */
    interface TextPattern {
        boolean find(String text);

        /**
         * What the pattern finds first in {@code text}: its first group when it has one (and that group took part),
         * else the whole match; null when it finds nothing.
         */
        String extract(String text);
    }

    class InvalidPatternException extends RuntimeException {

        private final int position;

        public InvalidPatternException(String message, int position) {
            super(message);
            this.position = position;
        }

        /** Where in the pattern the problem is (0-based), or -1 when unknown. */
        public int position() {
            return position;
        }
    }
}
