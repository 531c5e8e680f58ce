package io.parley.domain.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.domain.fakes.AuditLogFake;
import io.parley.domain.model.AuditAction;
import io.parley.domain.model.AuditEntry;
import io.parley.domain.port.out.AuditPort;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditTrailTest {

    private final AuditLogFake log = new AuditLogFake();
    private final List<AuditEntry> written = log.entries;
    private final AuditPort port = log;
    private final Instant now = Instant.parse("2026-12-04T10:00:00Z");
    private final AuditTrail trail = new AuditTrail(port, Clock.fixed(now, ZoneOffset.UTC));

    @Test
    void anEntryHasTheClocksTimeAndNoControlCharacters() {
        trail.record("mallory\n2026-12-04 admin SIGNED_IN", AuditAction.SIGN_IN_FAILED, "sign-in", "tab\there\u0000");
        AuditEntry entry = written.get(0);
        assertEquals(now, entry.at());
        assertEquals("mallory 2026-12-04 admin SIGNED_IN", entry.actor());
        assertEquals("SIGN_IN_FAILED", entry.action());
        assertEquals("tab here ", entry.detail());
    }

    @Test
    void longTextsAreCutToTheLogsLengthsWithoutSplittingACharacter() {
        trail.record("a".repeat(500), AuditAction.RULE_CHANGED, "rule 1", "\uD83D\uDE00".repeat(600));
        AuditEntry entry = written.get(0);
        assertEquals(AuditEntry.MAX_ACTOR, entry.actor().length());
        assertEquals(true, entry.actor().endsWith("..."));
        assertEquals(true, entry.detail().length() <= AuditEntry.MAX_DETAIL);
        String kept = entry.detail().substring(0, entry.detail().length() - 3);
        assertEquals(0, kept.length() % 2, "whole emoji only");
    }
}
