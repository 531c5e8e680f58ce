package io.parley.domain.service;

import io.parley.domain.model.CompiledRuleSet;
import io.parley.domain.port.out.ReplyRulePort;
import io.parley.domain.model.TextPatterns;

/**
 * The compiled form of the current rules, rebuilt only when the stored rule set's version moves (on this instance or
 * on any other sharing the database).
 */
public final class ReplyRuleCatalog {

    private record Snapshot(long version, CompiledRuleSet rules) {
    }

    private final ReplyRulePort rules;
    private final TextPatterns patterns;
    private volatile Snapshot snapshot;

    public ReplyRuleCatalog(ReplyRulePort rules, TextPatterns patterns) {
        this.rules = rules;
        this.patterns = patterns;
    }

    public TextPatterns patterns() {
        return patterns;
    }

    public CompiledRuleSet current() {
        long version = rules.version();
        Snapshot seen = snapshot;
        if (seen != null && seen.version == version) {
            return seen.rules;
        }
        return rebuild(version);
    }

    private synchronized CompiledRuleSet rebuild(long version) {
        Snapshot seen = snapshot;
        if (seen != null && seen.version == version) {
            return seen.rules;
        }
        CompiledRuleSet compiled = new CompiledRuleSet(rules.findAll(), patterns);
        snapshot = new Snapshot(version, compiled);
        return compiled;
    }
}
