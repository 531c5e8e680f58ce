package io.parley.adapters.persistence;

/** Breaks ArchitectureTest's rules on purpose (a public adapter class naming a service): see its self-test. */
public class ArchitectureFixtureAdapter {
    io.parley.domain.service.ReplyRuleCatalog catalog;
}
