package io.parley.domain.service;

import io.parley.domain.model.CompiledRuleSet;
import io.parley.domain.port.out.ReplyRulePort;

/**
 * The compiled form of the current rules, rebuilt only when the stored rule set's version moves (on this instance or
 * on any other sharing the database).
 */
public final class ReplyRuleCatalog {

    private record Snapshot(long version, CompiledRuleSet rules) {
    }

    private final ReplyRulePort rules;
    private volatile Snapshot snapshot;

    public ReplyRuleCatalog(ReplyRulePort rules) {
        this.rules = rules;
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
        CompiledRuleSet compiled = new CompiledRuleSet(rules.findAll());
        snapshot = new Snapshot(version, compiled);
        return compiled;
    }
}
