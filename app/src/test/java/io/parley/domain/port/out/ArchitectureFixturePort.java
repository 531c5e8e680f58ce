package io.parley.domain.port.out;

/** Breaks ArchitectureTest's rules on purpose (a port naming a service): see its self-test. */
interface ArchitectureFixturePort {
    io.parley.domain.service.IngestEventsService service();
}
