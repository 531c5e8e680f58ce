package io.parley.domain.model;

/** Breaks ArchitectureTest's rules on purpose (a model class using a port and the app): see its self-test. */
class ArchitectureFixtureModel {
    io.parley.domain.port.out.TransactionPort port;
    io.parley.app.ParleyClient app;
}
