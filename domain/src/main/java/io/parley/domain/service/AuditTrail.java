package io.parley.domain.service;

import io.parley.domain.model.AuditAction;
import io.parley.domain.model.AuditEntry;
import io.parley.domain.port.out.AuditPort;
import java.time.Clock;

/**
 * Writes audit entries. Called inside the transaction of the change it records, so that a change and its entry
 * are kept together or not at all; texts are cut to the log's lengths and stripped of control characters (no
 * forged lines in a log viewer).
 */
public final class AuditTrail {

    /** Records nothing (tests of services that do not look at the log). */
    public static final AuditTrail NONE = new AuditTrail(null, Clock.systemUTC());

    private final AuditPort port;
    private final Clock clock;

    public AuditTrail(AuditPort port, Clock clock) {
        this.port = port;
        this.clock = clock;
    }

    public void record(String actor, AuditAction action, String target, String detail) {
        if (port == null) {
            return;
        }
        port.append(new AuditEntry(null, clock.instant(), clean(actor == null ? "unknown" : actor,
                AuditEntry.MAX_ACTOR), action.name(), clean(target == null ? "" : target, AuditEntry.MAX_TARGET),
                clean(detail == null ? "" : detail, AuditEntry.MAX_DETAIL)));
    }

    static String clean(String text, int max) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), max));
        text.codePoints().map(c -> Character.isISOControl(c) ? ' ' : c).forEach(out::appendCodePoint);
        if (out.length() <= max) {
            return out.toString();
        }
        int end = max - 3;
        if (Character.isHighSurrogate(out.charAt(end - 1))) {
            end--;
        }
        return out.substring(0, end) + "...";
    }
}
