package io.parley.domain.service;

/** Breaks ArchitectureTest's rules on purpose (a service using JDBC): see its self-test. */
class ArchitectureFixtureService {
    java.sql.Connection connection;
}
