package io.parley.app.security;

/** Names of the console's cookies (also set in application.yml). */
public final class SessionCookies {

    /** The signed session (a JWT), HttpOnly, SameSite=Strict. */
    public static final String SESSION_COOKIE = "PARLEY_SESSION";
    /** The CSRF token's cookie half (double submit), HttpOnly; the page gets the token from /console/session. */
    public static final String CSRF_COOKIE = "PARLEY_CSRF";
    /** Where the console sends the CSRF token. */
    public static final String CSRF_HEADER = "X-CSRF-TOKEN";

    private SessionCookies() {
    }
}
